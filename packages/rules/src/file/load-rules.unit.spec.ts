import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRules, maxRuleFileChars, type RuleFileError } from './load-rules.ts';

/** The errors of a file that must not load. */
function errorsOf(text: string): readonly RuleFileError[] {
  const result = loadRules(text);
  if (result.ok) expect.fail('the file should have been refused');
  return result.errors;
}

const where = (errors: readonly RuleFileError[]) => errors.map((e) => `${e.line}:${e.column} ${e.path}`);

const valid = `version: 1
rules:
  - id: clashes-30d
    kind: threshold
    severity: warning
    metric: incidents.armed-clash.count
    window: 30d
    when: { atLeast: 3 }
    resolve: { atMost: 1 }
    for: 2d
    cooldown: 7d
    summary: '{{value}} clashes in {{region}}'
`;

describe('loadRules', () => {
  it('compiles a valid file into frozen rules with durations in ms', () => {
    const result = loadRules(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rules).toHaveLength(1);
    expect(result.rules[0]).toMatchObject({
      id: 'clashes-30d',
      kind: 'threshold',
      when: { operator: 'atLeast', value: 3 },
      resolve: { operator: 'atMost', value: 1 },
      for: { unit: 'duration', ms: 2 * 86_400_000 },
      cooldownMs: 7 * 86_400_000,
      scope: { levels: null, regions: null, exclude: [] },
    });
    expect(Object.isFrozen(result.rules[0])).toBe(true);
  });

  it('reports a bad value with the line, column and field', () => {
    const errors = errorsOf(valid.replace('severity: warning', 'severity: urgent'));
    expect(where(errors)).toEqual(['5:15 rules[0].severity']);
    expect(errors[0]?.message).toMatch(/info|warning|critical/);
  });

  it('reports a missing field at the rule that lacks it', () => {
    const errors = errorsOf(valid.replace("    summary: '{{value}} clashes in {{region}}'\n", ''));
    expect(where(errors)).toEqual(['3:5 rules[0].summary']);
    expect(errors[0]?.message).toBe('required field is missing');
  });

  it('reports a misspelt field at its key instead of ignoring it', () => {
    const errors = errorsOf(valid.replace('cooldown: 7d', 'cooldwon: 7d'));
    expect(errors).toEqual([{ line: 11, column: 5, path: 'rules[0].cooldwon', message: 'unknown field "cooldwon"' }]);
  });

  it('reports an unknown kind at the kind field', () => {
    expect(where(errorsOf(valid.replace('kind: threshold', 'kind: treshold')))).toEqual(['4:11 rules[0].kind']);
  });

  it('reports bad durations, conditions and hysteresis bands at their fields', () => {
    expect(where(errorsOf(valid.replace('for: 2d', 'for: 2 days')))).toEqual(['10:10 rules[0].for']);
    expect(where(errorsOf(valid.replace('{ atLeast: 3 }', '{ atLeast: 3, above: 2 }')))).toEqual(['8:11 rules[0].when']);
    const overlapping = errorsOf(valid.replace('{ atMost: 1 }', '{ below: 5 }'));
    expect(where(overlapping)).toEqual(['9:14 rules[0].resolve']);
    expect(overlapping[0]?.message).toMatch(/not overlap/);
  });

  it('reports an unknown summary placeholder with the ones the kind offers', () => {
    const errors = errorsOf(valid.replace('{{region}}', '{{regoin}}'));
    expect(where(errors)).toEqual(['12:14 rules[0].summary']);
    expect(errors[0]?.message).toMatch(/\{\{regoin\}\}.*region_code/);
  });

  it('reports a duplicate rule id at the second one', () => {
    const twice = valid + valid.split('rules:\n')[1];
    expect(where(errorsOf(twice))).toEqual(['13:9 rules[1].id']);
  });

  it('reports invalid label names and labels the engine owns', () => {
    expect(where(errorsOf(valid.replace('    for: 2d', '    labels: { bad-name: x }\n    for: 2d')))).toEqual(['10:15 rules[0].labels.bad-name']);
    expect(errorsOf(valid.replace('    for: 2d', '    labels: { region: x }\n    for: 2d'))[0]?.message).toMatch(/set by the engine/);
  });

  it('reports every problem of the file at once, in line order', () => {
    const errors = errorsOf(valid.replace('severity: warning', 'severity: urgent').replace('window: 30d', 'window: 31d'));
    expect(where(errors)).toEqual(['5:15 rules[0].severity', '7:13 rules[0].window']);
  });

  it('checks the single-event measure against the event kind and the unit against the substance', () => {
    const seizureRule = `rules:
  - id: big-precursor-seizure
    kind: single-event
    severity: info
    event: seizure
    measure: fatalities
    substance: precursor-chemical
    when: { atLeast: 1000 }
    summary: x
`;
    expect(where(errorsOf(seizureRule))).toEqual(['6:14 rules[0].measure', '7:16 rules[0].substance']);
    const noUnit = seizureRule.replace('measure: fatalities', 'measure: quantity');
    expect(errorsOf(noUnit)[0]?.message).toMatch(/kg, L: name one/);
  });

  it('reports YAML syntax errors with their line', () => {
    const errors = errorsOf(valid.replace('    when: { atLeast: 3 }', '    when: { atLeast: 3'));
    expect(errors[0]?.line).toBeGreaterThanOrEqual(8);
    expect(errors[0]?.path).toBe('');
  });

  it('refuses an empty file or one without a rules list', () => {
    expect(where(errorsOf(''))).toEqual(['1:1 ']);
    expect(where(errorsOf('version: 1\n'))).toEqual(['1:1 rules']);
    expect(where(errorsOf('- just\n- a list\n'))).toEqual(['1:1 ']);
  });

  it('refuses duplicate keys (the second would silently win)', () => {
    expect(errorsOf(valid.replace('    cooldown: 7d', '    cooldown: 7d\n    cooldown: 1d'))[0]?.line).toBe(12);
  });

  it('never throws, whatever the text (property)', () => {
    const lines = valid.split('\n');
    const mutated = fc
      .tuple(fc.nat(lines.length - 1), fc.string({ maxLength: 12 }))
      .map(([index, junk]) => lines.map((line, i) => (i === index ? junk + line.slice(junk.length) : line)).join('\n'));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), mutated), (text) => {
        const result = loadRules(text);
        if (result.ok) return;
        expect(result.errors.length).toBeGreaterThan(0);
        for (const error of result.errors) {
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.column).toBeGreaterThanOrEqual(1);
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses alias bombs instead of expanding them', () => {
    // "billion laughs": each level repeats the previous one ten times
    const names = 'abcdefghi'.split('');
    const levels = names.map((name, i) =>
      i === 0
        ? `${name}: &${name} [x, x, x, x, x, x, x, x, x, x]`
        : `${name}: &${name} [${Array(10)
            .fill(`*${names[i - 1]}`)
            .join(', ')}]`,
    );
    const errors = errorsOf([...levels, 'rules: *i'].join('\n'));
    expect(errors[0]?.message).toMatch(/alias/i);
  });

  it('rules file without a size cap took 7.5 s and 421 MB (issue 13): a file over the cap is refused before it is parsed', () => {
    // Valid rules all the way: before the cap, this loaded (after seconds of parsing).
    const rule = (i: number) => valid.split('\n').slice(2).join('\n').replace('clashes-30d', `clashes-${i}`);
    const parts = [valid];
    for (let i = 0, length = valid.length; length <= maxRuleFileChars; i += 1) {
      parts.push(rule(i));
      length += parts.at(-1)!.length;
    }
    const errors = errorsOf(parts.join(''));
    expect(errors).toEqual([{ line: 1, column: 1, path: '', message: expect.stringContaining(`longer than ${maxRuleFileChars} characters`) }]);
  });

  it('still loads a file just under the cap', () => {
    const padded = `${valid}#${'x'.repeat(maxRuleFileChars - valid.length - 1)}`;
    expect(padded.length).toBe(maxRuleFileChars);
    expect(loadRules(padded).ok).toBe(true);
  });
});
