import { acceptedValues } from './vocabulary.ts';
import { lookup } from './fold.ts';
import { describeInput, numberProblemMessage, readNumber } from './numbers.ts';
import type { Problems } from './problems.ts';

/**
 * A value as submitted and where it was in the record (`occurredAt`,
 * `items[0].quantity`, `columns.occurred_at`), so every problem names the
 * field the publisher has to fix, whatever the input format.
 */
export interface Field {
  readonly value: unknown;
  readonly path: string;
}

export const field = (value: unknown, path: string): Field => ({ value, path });

/** Absent, `null` or blank text: the publisher did not fill it in. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export interface TextOptions {
  readonly required?: boolean;
  readonly maxChars: number;
  /** Cut longer text instead of refusing it (free prose, whose full text stays in the raw topic). */
  readonly truncate?: boolean;
}

/** Trimmed text; numbers are accepted as their decimal text (ids typed into spreadsheets). */
export function readText(input: Field, problems: Problems, options: TextOptions): string | undefined {
  if (isBlank(input.value)) {
    if (options.required) problems.add('SCHEMA_INVALID', input.path, 'required, but missing');
    return undefined;
  }
  const { value } = input;
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  if (text === undefined) {
    problems.add('SCHEMA_INVALID', input.path, `${describeInput(value)} is not text`);
    return undefined;
  }
  if (text.length <= options.maxChars) return text;
  if (options.truncate) return `${text.slice(0, options.maxChars - 1)}…`;
  problems.add('SCHEMA_INVALID', input.path, `longer than ${options.maxChars} characters`);
  return undefined;
}

/** One of an enumeration, by any spelling of its vocabulary table. */
export function readChoice<T extends string>(
  input: Field,
  words: Readonly<Record<string, T>>,
  ids: readonly T[],
  problems: Problems,
  options: { readonly required?: boolean } = {},
): T | undefined {
  if (isBlank(input.value)) {
    if (options.required) problems.add('SCHEMA_INVALID', input.path, `required, but missing: ${acceptedValues(ids)}`);
    return undefined;
  }
  const found = typeof input.value === 'string' ? lookup(words, input.value) : undefined;
  if (found === undefined) problems.add('SCHEMA_INVALID', input.path, `${describeInput(input.value)} is not ${acceptedValues(ids)}`);
  return found;
}

/** A whole count (casualties, arrests): missing is `fallback`; negative, fractional or above `max` is `QUANTITY_INVALID`. */
export function readCount(input: Field, problems: Problems, options: { readonly max: number; readonly fallback?: number }): number | undefined {
  if (isBlank(input.value)) return options.fallback;
  const number = readNumber(input.value);
  if (!number.ok) {
    problems.add('QUANTITY_INVALID', input.path, numberProblemMessage(input.value, number.problem));
    return undefined;
  }
  const { value } = number;
  if (!Number.isInteger(value) || value < 0) {
    problems.add('QUANTITY_INVALID', input.path, `${describeInput(input.value)} is not a whole number of 0 or more`);
    return undefined;
  }
  if (value > options.max) {
    problems.add('QUANTITY_INVALID', input.path, `${value} is implausible (more than ${options.max}); check the figure`);
    return undefined;
  }
  return value;
}

/** A non-negative amount (hectares): `QUANTITY_INVALID` when negative, not a number or above `max`. */
export function readAmount(input: Field, problems: Problems, options: { readonly max: number; readonly required?: boolean }): number | undefined {
  if (isBlank(input.value)) {
    if (options.required) problems.add('SCHEMA_INVALID', input.path, 'required, but missing');
    return undefined;
  }
  const number = readNumber(input.value);
  if (!number.ok) {
    problems.add('QUANTITY_INVALID', input.path, numberProblemMessage(input.value, number.problem));
    return undefined;
  }
  if (number.value < 0) {
    problems.add('QUANTITY_INVALID', input.path, `${number.value} is negative`);
    return undefined;
  }
  if (number.value > options.max) {
    problems.add('QUANTITY_INVALID', input.path, `${number.value} is implausible (more than ${options.max}); check the figure and unit`);
    return undefined;
  }
  return number.value;
}

/** A plain JSON object (not an array, not null), or `undefined`. */
export function asObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** An own property only: a report's `constructor` or `__proto__` member is never an inherited one. */
export function member(object: Readonly<Record<string, unknown>> | undefined, name: string): unknown {
  return object !== undefined && Object.hasOwn(object, name) ? object[name] : undefined;
}
