import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { regionByCode } from '@vigia/geo';
import { formatRuleTestResults, loadRules, loadRuleTests, runRuleTests, type Rule } from '@vigia/rules';
import { CliError, usageError } from '../cli-errors.ts';
import type { CliIo } from '../cli-io.ts';
import { parseArgsStrict } from '../parse-args.ts';
import { fileErrorLines, readRuleFileText } from './rule-file-text.ts';

export const rulesHelp = `Usage: vigia rules test <file>...

Runs rule unit tests, in the manner of \`promtool test rules\`. A test file names its rule files
(relative to itself) and tests: input series — indicator values per region, metric and window
(survey series per source and year), report days, canonical events — and the alerts they must
raise. Each test starts from empty state and feeds its inputs in event-time order through the
alerter's rule engine, a watermark on every day; every alert that fires or resolves is compared
with the expected ones, and a failed test prints its diff:
  - missing     an expected alert that was not raised
  + unexpected  a raised alert that was not expected, written as an expected_alerts entry
  ~ different   an expected alert raised with other fields, one line per field

Options:
  -h, --help   show this help

The format is in packages/rules/README.md ("Rule unit tests"); the tests of the built-in rule set,
packages/rules/rules/default-rules.test.yaml, are an example of every input.

Exit status: 0 every test passed, 1 a test failed or a file does not load, 2 usage error.

Example:
  vigia rules test packages/rules/rules/default-rules.test.yaml
`;

/** Replaceable parts, for tests. */
export interface RulesRunDeps {
  /** Reads a test or rule file (default: from disk, at most the rule-file size). */
  readonly readText?: (path: string, what: string) => Promise<string>;
}

/** `vigia rules test FILE…`: returns 0 when every test of every file passed. */
export async function runRulesCommand(args: readonly string[], io: CliIo, deps: RulesRunDeps = {}): Promise<number> {
  const { values, positionals } = parseArgsStrict(
    () => parseArgs({ args: [...args], options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }),
    'rules',
  );
  if (values.help === true) {
    io.stdout.write(rulesHelp);
    return 0;
  }
  const [subcommand, ...files] = positionals;
  if (subcommand !== 'test')
    throw usageError(
      subcommand === undefined ? 'vigia rules needs a subcommand: test' : `unknown subcommand ${JSON.stringify(subcommand)}; vigia rules has: test`,
    );
  if (files.length === 0) throw usageError('vigia rules test needs a test file');
  const readText = deps.readText ?? readRuleFileText;
  let failed = 0;
  let total = 0;
  for (const [index, file] of files.entries()) {
    const results = await runTestFile(file, readText);
    if (index > 0) io.stdout.write('\n');
    io.stdout.write(formatRuleTestResults(file, results));
    total += results.length;
    failed += results.filter((result) => result.diff.length > 0).length;
  }
  if (failed > 0) throw new CliError('VIGIA_CLI_RULE_TESTS_FAILED', `${failed} of ${total} rule tests failed`, { context: { failed, total } });
  return 0;
}

async function runTestFile(file: string, readText: (path: string, what: string) => Promise<string>) {
  const loaded = loadRuleTests(await readText(file, 'rule test file'));
  if (!loaded.ok) {
    throw new CliError('VIGIA_CLI_RULE_TESTS_INVALID', `the rule test file ${file} does not load:\n${fileErrorLines(loaded.errors)}`, { context: { file } });
  }
  const rules: Rule[] = [];
  const definedIn = new Map<string, string>();
  for (const ruleFile of loaded.file.ruleFiles.map((name) => resolve(dirname(file), name))) {
    const ruleSet = loadRules(await readText(ruleFile, 'rule file'));
    if (!ruleSet.ok)
      throw new CliError('VIGIA_CLI_RULES_INVALID', `the rule file ${ruleFile} does not load:\n${fileErrorLines(ruleSet.errors)}`, {
        context: { file: ruleFile },
      });
    for (const rule of ruleSet.rules) {
      const other = definedIn.get(rule.id);
      if (other !== undefined)
        throw new CliError('VIGIA_CLI_RULES_INVALID', `rule id "${rule.id}" is in both ${other} and ${ruleFile}; ids must be unique across rule_files`, {
          context: { file: ruleFile },
        });
      definedIn.set(rule.id, ruleFile);
      rules.push(rule);
    }
  }
  // Regions named as the alerter names them.
  return runRuleTests(loaded.file, { rules, regionName: (code) => regionByCode(code)?.name });
}
