import type { Rule } from '../rule.ts';
import { compileRuleFile } from './compile-rules.ts';
import { ruleFileSchema } from './rule-file-schema.ts';
import { parseYamlFile, type RuleFileError } from './yaml-file.ts';

export type { RuleFileError } from './yaml-file.ts';

export type LoadRulesResult = { readonly ok: true; readonly rules: readonly Rule[] } | { readonly ok: false; readonly errors: readonly RuleFileError[] };

/**
 * Largest rule file, in characters (UTF-16 code units). The largest real file
 * has a few dozen rules in under 20 KB; a 5 MB file took 7.5 s and 421 MB of
 * YAML parsing before it was refused (issue 13), so size is checked first.
 */
export const maxRuleFileChars = 256 * 1024;

const ruleFileKind = {
  noun: 'rule file',
  maxChars: maxRuleFileChars,
  shapeHint: 'a rule file is a mapping with a "rules:" list (see packages/rules/README.md)',
};

/**
 * Parses and validates a rule file. Never throws: a broken file yields every
 * problem with its line, column and field, and the caller keeps the rules it
 * had in force. YAML syntax errors are reported first and alone, since the
 * structure behind them is unreliable.
 */
export function loadRules(text: string): LoadRulesResult {
  const parsed = parseYamlFile(text, ruleFileSchema, ruleFileKind);
  return parsed.ok ? { ok: true, rules: compileRuleFile(parsed.data) } : parsed;
}
