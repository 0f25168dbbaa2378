import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxRuleFileChars } from '../file/load-rules.ts';
import { defaultRulesUrl } from '../index.ts';
import { rulesFrom } from '../testing/fixtures.ts';
import { formatRuleTestResults } from './format-rule-test-results.ts';
import { loadRuleTests } from './load-rule-tests.ts';
import { runRuleTests } from './run-rule-tests.ts';

// Rule unit tests (`vigia rules test`): inputs through the engine, alerts compared, a diff people can read.

// The default rule set: armed-clashes-30d, coca-growth-yoy, mass-casualty-event… (regions named by code here).
const rules = rulesFrom(readFileSync(defaultRulesUrl, 'utf8'));

const clashes = (expected: string) => `
rule_files: [rules.yaml]
tests:
  - name: clashes
    input_series:
      - { region: '1006', metric: incidents.armed-clash.count, window: 30d, from: 2024-03-01, values: '1 2 3 3 2 1' }
    expected_alerts:
${expected}`;

function run(text: string) {
  const loaded = loadRuleTests(text);
  if (!loaded.ok) expect.fail(`should load: ${JSON.stringify(loaded.errors, null, 2)}`);
  const results = runRuleTests(loaded.file, { rules });
  return { results, report: formatRuleTestResults('clashes.test.yaml', results) };
}

describe('rule unit tests', () => {
  it('pass when the alerts raised are the ones expected, in any order', () => {
    const { results, report } = run(
      clashes(`      - { rule: armed-clashes-30d, region: '1006', state: resolved, day: 2024-03-06 }
      - { rule: armed-clashes-30d, region: '1006', state: firing, day: 2024-03-03, summary: 3 armed clashes in 1006 in 30 days (threshold 3), labels: { level: province } }`),
    );
    expect(results.map((result) => result.diff)).toEqual([[]]);
    expect(report).toBe('clashes.test.yaml\n  ok    clashes (2 alerts)\n1 test: 1 passed, 0 failed\n');
  });

  it('fail with a diff: a wrong field, a missing alert, an unexpected one ready to paste', () => {
    const { results, report } = run(
      clashes(`      - { rule: armed-clashes-30d, region: '1006', state: firing, day: 2024-03-04, labels: { level: zone }, summary: 3 clashes }
      - { rule: armed-clashes-30d, region: '1007', state: firing }`),
    );
    expect(results[0]?.diff.map((line) => line.kind)).toEqual(['different', 'missing', 'unexpected']);
    expect(report).toBe(
      [
        'clashes.test.yaml',
        '  FAIL  clashes (tests[0]: 2 alerts expected, 2 raised)',
        '          ~ different   { rule: armed-clashes-30d, region: "1006", state: firing, day: 2024-03-04, labels: { level: zone }, summary: 3 clashes }',
        '              day:          expected "2024-03-04", got "2024-03-03"',
        '              labels.level: expected "zone", got "province"',
        '              summary:      expected "3 clashes"',
        '                            got      "3 armed clashes in 1006 in 30 days (threshold 3)"',
        '          - missing     { rule: armed-clashes-30d, region: "1007", state: firing }',
        '          + unexpected  { rule: armed-clashes-30d, region: "1006", state: resolved, day: 2024-03-06, summary: 2 armed clashes in 1006 in 30 days (threshold 3) }',
        '1 test: 0 passed, 1 failed',
        '',
      ].join('\n'),
    );
  });

  it('fail when nothing is expected and something fires, and report a wrong state', () => {
    const none = run(clashes('      []'));
    expect(none.results[0]?.diff.map((line) => line.kind)).toEqual(['unexpected', 'unexpected']);
    const wrongState = run(
      clashes(`      - { rule: armed-clashes-30d, region: '1006', state: firing, day: 2024-03-03 }
      - { rule: armed-clashes-30d, region: '1006', state: firing, day: 2024-03-06 }`),
    );
    expect(wrongState.report).toContain('              state: expected "firing", got "resolved"\n');
  });

  it('treat survey years as their own alerts, without a day when no daily input moved time', () => {
    const { results } = run(`
rule_files: [rules.yaml]
tests:
  - name: surveys
    input_series:
      - { region: PE, metric: cultivation.coca.yoy-pct, source: us-ondcp, from: 2020, values: '22.5' }
      - { region: PE, metric: cultivation.coca.yoy-pct, source: devida, from: 2020, values: '13' }
    expected_alerts:
      - { rule: coca-growth-yoy, region: PE, state: firing, labels: { source: us-ondcp, year: 2020 } }
`);
    expect(results[0]?.diff).toEqual([]);
    expect(results[0]?.alerts).toEqual([expect.not.objectContaining({ day: expect.anything() })]);
  });

  it('take a second event with the same id as a revision: one alert, updated, not paged again', () => {
    const event = (revision: number, killed: number) => `
      - kind: incident
        eventId: inc-1
        revision: ${revision}
        occurredAt: 2024-03-14
        precision: day
        reportedAt: 2024-03-15T09:30:00Z
        source: { name: DIRANDRO-PNP, kind: police }
        confidence: high
        location: { ubigeo: '050408', level: district, placeName: Llochegua }
        incidentType: ambush
        casualties:
          securityForces: { killed: ${killed}, injured: 0 }
          civilians: { killed: 0, injured: 0 }
          armedGroups: { killed: 0, injured: 0 }
        actors: []`;
    const { results } = run(`
rule_files: [rules.yaml]
tests:
  - name: revised
    until: 2024-03-30
    events:${event(1, 6)}${event(2, 8)}
    expected_alerts:
      - { rule: mass-casualty-event, region: '05', state: firing, day: 2024-03-14, summary: '6 killed in one ambush at Llochegua (05) on 2024-03-14, source DIRANDRO-PNP' }
      - { rule: mass-casualty-event, region: '05', state: resolved, day: 2024-03-21, summary: '8 killed in one ambush at Llochegua (05) on 2024-03-14, source DIRANDRO-PNP', labels: { event_id: inc-1 } }
`);
    expect(results[0]?.diff).toEqual([]);
  });
});

describe('a rule test file that does not load', () => {
  it.each([
    ['not a mapping', '- a\n- b\n', [{ line: 1, path: '', message: 'a rule test file is a mapping with "rule_files:" and "tests:"' }]],
    [
      'an unquoted UBIGEO, bad values, a misspelt field',
      clashes('      []').replace("region: '1006'", 'region: 1006').replace("'1 2 3 3 2 1'", "'1 2 x'").replace('window: 30d', 'windw: 30d'),
      [
        { line: 6, path: 'tests[0].input_series[0].region', message: "quote UBIGEO codes ('0504')" },
        { line: 6, path: 'tests[0].input_series[0].windw', message: 'unknown field "windw"' },
        { line: 6, path: 'tests[0].input_series[0].values', message: '"x" is not a value' },
      ],
    ],
    [
      'a survey series starting at a day, an expected alert without state',
      `rule_files: [r.yaml]
tests:
  - name: t
    input_series:
      - { region: PE, metric: cultivation.coca.ha, source: devida, from: 2020-01-01, values: '1' }
    expected_alerts:
      - { rule: coca-growth-yoy, region: PE }
`,
      [
        { line: 5, path: 'tests[0].input_series[0].from', message: 'a survey series starts at a year' },
        { line: 7, path: 'tests[0].expected_alerts[0].state', message: 'required field is missing' },
      ],
    ],
    [
      'no input, until before the inputs',
      `rule_files: [r.yaml]
tests:
  - { name: empty, expected_alerts: [] }
  - name: late
    until: 2024-01-01
    reports: [{ region: '1006', days: [2024-02-01] }]
    expected_alerts: []
`,
      [
        { line: 3, path: 'tests[0].input_series', message: 'a test needs input' },
        { line: 5, path: 'tests[1].until', message: 'is before the last input day 2024-02-01' },
      ],
    ],
  ])('%s: every error with its line and field', (_name, text, errors) => {
    const loaded = loadRuleTests(text);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors).toEqual(errors.map((error) => expect.objectContaining({ ...error, message: expect.stringContaining(error.message) })));
  });

  it('is refused before parsing when it is longer than a rule file may be', () => {
    const loaded = loadRuleTests(`# ${'x'.repeat(maxRuleFileChars)}`);
    expect(!loaded.ok && loaded.errors[0]?.message).toContain(`rule test file is longer than ${maxRuleFileChars} characters`);
  });

  it('refuses a test spanning more than ten years of days', () => {
    const series = "from: 2000-01-01, values: '1' }\n      - { region: '1006', metric: incidents.count, window: 7d, from: 2011-01-01, values: '1'";
    const loaded = loadRuleTests(clashes('      []').replace("from: 2024-03-01, values: '1 2 3 3 2 1'", series));
    expect(!loaded.ok && loaded.errors).toEqual([expect.objectContaining({ path: 'tests[0]', message: expect.stringContaining('more than 3660 days') })]);
  });
});
