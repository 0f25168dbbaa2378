import { formatIssuePath } from '@vigia/schemas';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { Rule } from '../rule.ts';
import { compileRuleFile } from './compile-rules.ts';
import { ruleFileSchema } from './rule-file-schema.ts';
import { positionOf } from './yaml-positions.ts';

/** One problem in a rule file: where (1-based line and column, dotted field path) and what. */
export interface RuleFileError {
  readonly line: number;
  readonly column: number;
  /** `rules[2].when`, `rules[0].labels.team`; `''` for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export type LoadRulesResult =
  | { readonly ok: true; readonly rules: readonly Rule[] }
  | { readonly ok: false; readonly errors: readonly RuleFileError[] };

/**
 * Largest rule file, in characters (UTF-16 code units). The largest real file
 * has a few dozen rules in under 20 KB; a 5 MB file took 7.5 s and 421 MB of
 * YAML parsing before it was refused (issue 13), so size is checked first.
 */
export const maxRuleFileChars = 256 * 1024;

/** Enough errors to fix a file; bounded so a pasted binary cannot produce megabytes of them. */
const maxErrors = 100;
// Alias expansion is where a small YAML text becomes a huge value ("billion laughs").
const maxAliasCount = 100;

/**
 * Parses and validates a rule file. Never throws: a broken file yields every
 * problem with its line, column and field, and the caller keeps the rules it
 * had in force. YAML syntax errors are reported first and alone, since the
 * structure behind them is unreliable.
 */
export function loadRules(text: string): LoadRulesResult {
  // Characters, not bytes: a pure package has no Buffer, and each character is at least one byte.
  if (text.length > maxRuleFileChars) {
    return {
      ok: false,
      errors: [{ line: 1, column: 1, path: '', message: `the rule file is longer than ${maxRuleFileChars} characters (${text.length}); split it or remove what is not rules` }],
    };
  }
  try {
    return loadUnsafe(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [{ line: 1, column: 1, path: '', message: `rule file could not be read: ${message}` }],
    };
  }
}

function loadUnsafe(text: string): LoadRulesResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.slice(0, maxErrors).map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { line, column: col, path: '', message: error.message };
    });
    return { ok: false, errors };
  }
  const parsed = ruleFileSchema.safeParse(doc.toJS({ maxAliasCount }), { error: requiredMessage });
  if (parsed.success) return { ok: true, rules: compileRuleFile(parsed.data) };
  const errors = parsed.error.issues.flatMap((issue) => errorsOf(issue, doc, lineCounter));
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, errors: errors.slice(0, maxErrors) };
}

// zod says "expected string, received undefined"; for a file people edit, "required" is the useful word.
function requiredMessage(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'required field is missing' : undefined;
}

function errorsOf(issue: z.core.$ZodIssue, doc: Document, lineCounter: LineCounter): RuleFileError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => at(doc, lineCounter, [...issue.path, key], `unknown field "${key}"`, true));
  }
  if (issue.code === 'invalid_key') {
    const reason = issue.issues[0]?.message ?? issue.message;
    return [at(doc, lineCounter, issue.path, `invalid name: ${reason}`, true)];
  }
  if (issue.path.length === 0 && issue.code === 'invalid_type') {
    return [at(doc, lineCounter, [], 'a rule file is a mapping with a "rules:" list (see packages/rules/README.md)')];
  }
  return [at(doc, lineCounter, issue.path, issue.message)];
}

function at(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  message: string,
  atKey = false,
): RuleFileError {
  const { line, column } = positionOf(doc, lineCounter, path, atKey);
  return { line, column, path: formatIssuePath(path), message };
}
