import { fileURLToPath } from 'node:url';
import { defaultRuleTestsUrl } from '@vigia/rules';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.ts';
import { memoryIo } from '../testing/memory-io.ts';
import { rulesHelp } from './rules-command.ts';

// `vigia rules test`: the shipped tests of the default rules pass; a wrong expectation and a broken file fail clearly.

const rulesYaml = `rules:
  - id: armed-clashes-30d
    kind: threshold
    severity: warning
    metric: incidents.armed-clash.count
    window: 30d
    when: { atLeast: 3 }
    summary: '{{value}} armed clashes in {{region}}'
`;

const testYaml = (expectedDay: string) => `rule_files: [rules.yaml]
tests:
  - name: clashes
    input_series:
      - { region: '1006', metric: incidents.armed-clash.count, window: 30d, from: 2024-03-01, values: '1 2 3' }
    expected_alerts:
      - { rule: armed-clashes-30d, region: '1006', state: firing, day: ${expectedDay} }
`;

/** Runs the command on files held in memory (`/t/…`), the way it reads them from disk. */
async function run(argv: string[], files: Record<string, string> = {}) {
  const io = memoryIo();
  const readText = async (path: string) => {
    const text = files[path];
    if (text === undefined) throw new Error(`no file ${path} in the test`);
    return text;
  };
  const status = await runCli(argv, io, { rules: { readText } });
  return { status, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

describe('vigia rules test', () => {
  it('passes the tests of the default rules, shipped beside them', async () => {
    const io = memoryIo();
    const status = await runCli(['rules', 'test', fileURLToPath(defaultRuleTestsUrl)], io);
    expect(io.stderr.text()).toBe('');
    expect(io.stdout.text()).toMatch(/\n(\d+) tests: \1 passed, 0 failed\n$/);
    expect(io.stdout.text()).not.toContain('FAIL');
    expect(status).toBe(0);
  });

  it('passes a test whose alerts are the expected ones', async () => {
    const result = await run(['rules', 'test', '/t/clashes.test.yaml'], { '/t/clashes.test.yaml': testYaml('2024-03-03'), '/t/rules.yaml': rulesYaml });
    expect(result).toEqual({ status: 0, stdout: '/t/clashes.test.yaml\n  ok    clashes (1 alert)\n1 test: 1 passed, 0 failed\n', stderr: '' });
  });

  it('fails a wrong expectation with the diff on stdout and exit status 1', async () => {
    const result = await run(['rules', 'test', '/t/clashes.test.yaml'], { '/t/clashes.test.yaml': testYaml('2024-03-02'), '/t/rules.yaml': rulesYaml });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      [
        '/t/clashes.test.yaml',
        '  FAIL  clashes (tests[0]: 1 alert expected, 1 raised)',
        '          ~ different   { rule: armed-clashes-30d, region: "1006", state: firing, day: 2024-03-02 }',
        '              day: expected "2024-03-02", got "2024-03-03"',
        '1 test: 0 passed, 1 failed',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('vigia: 1 of 1 rule tests failed\n');
  });

  it('refuses a malformed test file with every error, its line and field', async () => {
    const broken = testYaml('2024-03-03').replace("values: '1 2 3'", "values: '1 2 three'").replace('state: firing', 'state: fired');
    const result = await run(['rules', 'test', '/t/broken.test.yaml'], { '/t/broken.test.yaml': broken });
    expect(result).toMatchObject({ status: 1, stdout: '' });
    expect(result.stderr).toBe(
      [
        'vigia: the rule test file /t/broken.test.yaml does not load:',
        '  line 5 tests[0].input_series[0].values: "three" is not a value: write a number, _, a+bxn, a-bxn, axn or _xn (e.g. "0 1 _ 5x3 0+2x4")',
        '  line 7 tests[0].expected_alerts[0].state: Invalid option: expected one of "firing"|"resolved"',
        '',
      ].join('\n'),
    );
  });

  it('refuses a rule file that does not load, or a rule id in two rule files', async () => {
    const broken = await run(['rules', 'test', '/t/a.test.yaml'], { '/t/a.test.yaml': testYaml('2024-03-03'), '/t/rules.yaml': 'rules: [{ id: x }]' });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('vigia: the rule file /t/rules.yaml does not load:\n  line 1 rules[0].kind:');
    const twice = await run(['rules', 'test', '/t/a.test.yaml'], {
      '/t/a.test.yaml': testYaml('2024-03-03').replace('[rules.yaml]', '[rules.yaml, copy.yaml]'),
      '/t/rules.yaml': rulesYaml,
      '/t/copy.yaml': rulesYaml,
    });
    expect(twice.stderr).toBe('vigia: rule id "armed-clashes-30d" is in both /t/rules.yaml and /t/copy.yaml; ids must be unique across rule_files\n');
  });

  it.each([
    [['rules'], 'vigia rules needs a subcommand: test'],
    [['rules', 'check'], 'unknown subcommand "check"'],
    [['rules', 'test'], 'vigia rules test needs a test file'],
    [['rules', 'test', 'a.yaml', '--fast'], "Unknown option '--fast'"],
  ])('refuses %j with exit status 2 and a pointer to its help', async (argv, message) => {
    const result = await run(argv);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('vigia rules --help');
  });

  it('prints its help', async () => {
    expect(await run(['rules', '--help'])).toEqual({ status: 0, stdout: rulesHelp, stderr: '' });
  });
});
