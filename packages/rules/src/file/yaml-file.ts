import { formatIssuePath } from '@vigia/schemas';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { positionOf } from './yaml-positions.ts';

/** One problem in a YAML file people edit: where (1-based line and column, dotted field path) and what. */
export interface RuleFileError {
  readonly line: number;
  readonly column: number;
  /** `rules[2].when`, `rules[0].labels.team`; `''` for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export type YamlFileResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly errors: readonly RuleFileError[] };

/** What a file is called in messages, how long it may be, and what its top level must look like. */
export interface YamlFileKind {
  /** `rule file`, `rule test file`. */
  readonly noun: string;
  /** In characters (UTF-16 code units). */
  readonly maxChars: number;
  /** The message when the top level is not a mapping, e.g. 'a rule file is a mapping with a "rules:" list'. */
  readonly shapeHint: string;
}

/** Enough errors to fix a file; bounded so a pasted binary cannot produce megabytes of them. */
const maxErrors = 100;
// Alias expansion is where a small YAML text becomes a huge value ("billion laughs").
const maxAliasCount = 100;

/**
 * Parses a YAML file and validates it with a zod schema. Never throws: a
 * broken file yields every problem with its line, column and field. Size is
 * checked before parsing (issue 13: a 5 MB file took 7.5 s and 421 MB of
 * YAML parsing before it was refused). YAML syntax errors are reported first
 * and alone, since the structure behind them is unreliable.
 */
export function parseYamlFile<S extends z.ZodType>(text: string, schema: S, kind: YamlFileKind): YamlFileResult<z.output<S>> {
  // Characters, not bytes: a pure package has no Buffer, and each character is at least one byte.
  if (text.length > kind.maxChars) {
    return fileError(`the ${kind.noun} is longer than ${kind.maxChars} characters (${text.length}); split it or remove what does not belong in it`);
  }
  try {
    return parseUnsafe(text, schema, kind);
  } catch (error) {
    return fileError(`${kind.noun} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function fileError(message: string): { readonly ok: false; readonly errors: readonly RuleFileError[] } {
  return { ok: false, errors: [{ line: 1, column: 1, path: '', message }] };
}

function parseUnsafe<S extends z.ZodType>(text: string, schema: S, kind: YamlFileKind): YamlFileResult<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.slice(0, maxErrors).map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { line, column: col, path: '', message: error.message };
    });
    return { ok: false, errors };
  }
  const parsed = schema.safeParse(doc.toJS({ maxAliasCount }), { error: requiredMessage });
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors = parsed.error.issues.flatMap((issue) => errorsOf(issue, doc, lineCounter, kind));
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, errors: errors.slice(0, maxErrors) };
}

// zod says "expected string, received undefined"; for a file people edit, "required" is the useful word.
function requiredMessage(issue: z.core.$ZodRawIssue): string | undefined {
  return (issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined ? 'required field is missing' : undefined;
}

function errorsOf(issue: z.core.$ZodIssue, doc: Document, lineCounter: LineCounter, kind: YamlFileKind): RuleFileError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => at(doc, lineCounter, [...issue.path, key], `unknown field "${key}"`, true));
  }
  if (issue.code === 'invalid_key') {
    const reason = issue.issues[0]?.message ?? issue.message;
    return [at(doc, lineCounter, issue.path, `invalid name: ${reason}`, true)];
  }
  if (issue.path.length === 0 && issue.code === 'invalid_type') return [at(doc, lineCounter, [], kind.shapeHint)];
  return [at(doc, lineCounter, issue.path, issue.message)];
}

function at(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[], message: string, atKey = false): RuleFileError {
  const { line, column } = positionOf(doc, lineCounter, path, atKey);
  return { line, column, path: formatIssuePath(path), message };
}
