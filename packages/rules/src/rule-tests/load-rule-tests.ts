import { maxRuleFileChars } from '../file/load-rules.ts';
import { parseYamlFile, type RuleFileError } from '../file/yaml-file.ts';
import { compileRuleTestFile, type RuleTestFile } from './compile-rule-tests.ts';
import { ruleTestFileSchema } from './rule-test-file-schema.ts';

export type LoadRuleTestsResult = { readonly ok: true; readonly file: RuleTestFile } | { readonly ok: false; readonly errors: readonly RuleFileError[] };

/** Largest rule test file, in characters: the rule file's cap (the notation `1x3000` keeps files short). */
export const maxRuleTestFileChars = maxRuleFileChars;

const ruleTestFileKind = {
  noun: 'rule test file',
  maxChars: maxRuleTestFileChars,
  shapeHint: 'a rule test file is a mapping with "rule_files:" and "tests:" (see packages/rules/rules/default-rules.test.yaml)',
};

/**
 * Parses and validates a rule test file. Never throws: a broken file yields
 * every problem with its line, column and field, as `loadRules` does. The
 * rule files it names are the caller's to read (this package does no I/O).
 */
export function loadRuleTests(text: string): LoadRuleTestsResult {
  const parsed = parseYamlFile(text, ruleTestFileSchema, ruleTestFileKind);
  return parsed.ok ? { ok: true, file: compileRuleTestFile(parsed.data) } : parsed;
}
