import { namespacePattern } from '@vigia/schemas';
import { z } from 'zod';

/**
 * Zod schemas for the shapes environment variables usually take. Each one
 * reads a string and produces a typed value; chain `.default(…)`, `.optional()`
 * and `.describe(…)` as usual (defaults are given in the output type, e.g.
 * `envPort().default(9464)`). Error messages say what a valid value looks
 * like, because `loadConfig` shows them to whoever has to fix the deployment.
 *
 * `loadConfig` treats a blank variable (`FOO=`) as unset, so these schemas
 * never see an empty string.
 */

/** A TCP port: a whole number from 0 to 65535 (0 asks the OS for a free port). */
export function envPort() {
  return envInteger({ min: 0, max: 65_535, what: 'a TCP port' });
}

export interface EnvIntegerOptions {
  readonly min?: number;
  readonly max?: number;
  /** Names the value in error messages, e.g. 'a partition count'. */
  readonly what?: string;
}

/** A whole number, optionally bounded (inclusive). */
export function envInteger(options: EnvIntegerOptions = {}) {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER, what = 'a whole number' } = options;
  const range = rangeText(min, max);
  const expected = `expected ${what}: a whole number${range}`;
  return z
    .string()
    .trim()
    .regex(/^[+-]?\d+$/, expected)
    .transform(Number)
    .pipe(z.number().int().min(min, expected).max(max, expected));
}

const durationUnitsMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const durationPattern = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i;

export interface EnvDurationOptions {
  readonly minMs?: number;
  readonly maxMs?: number;
}

/**
 * A duration in milliseconds. A bare number is milliseconds (the variable's
 * name should end in `_MS`); `500ms`, `30s`, `5m`, `2h`, `1d` are accepted too
 * because humans type them. The result is rounded to a whole millisecond.
 */
export function envDurationMs(options: EnvDurationOptions = {}) {
  const { minMs = 0, maxMs = Number.MAX_SAFE_INTEGER } = options;
  const range = rangeText(minMs > 0 ? minMs : Number.MIN_SAFE_INTEGER, maxMs, ' ms');
  const expected = `expected a duration${range}: milliseconds as a whole number, or a number with a unit ms, s, m, h or d (e.g. 1500, 30s, 5m)`;
  return z
    .string()
    .trim()
    .regex(durationPattern, expected)
    .transform((text) => {
      const [, amount = '0', unit = 'ms'] = durationPattern.exec(text) ?? [];
      return Math.round(Number(amount) * durationUnitsMs[unit.toLowerCase() as keyof typeof durationUnitsMs]);
    })
    .pipe(z.number().min(minMs, expected).max(maxMs, expected));
}

/** pino's level names, plus `silent`. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A pino log level, case-insensitive. */
export function envLogLevel() {
  return z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(logLevels, { error: `expected one of ${logLevels.join(', ')}` }));
}

/**
 * A boolean, with `z.stringbool()`: true/1/yes/on/y/enabled and
 * false/0/no/off/n/disabled, case-insensitive. Never `z.coerce.boolean()`,
 * which reads the string "false" as `true`.
 */
export function envBoolean() {
  return z.stringbool({ error: 'expected true or false (also accepted: 1/0, yes/no, on/off)' });
}

/**
 * A comma-separated list; items are trimmed and empty items dropped
 * (`a, b,` → `['a', 'b']`). Each item is parsed with `item` (default: any
 * string), and an invalid item is reported with its position.
 */
export function envList<Item = string>(item?: z.ZodType<Item, string>) {
  const itemSchema = (item ?? z.string()) as z.ZodType<Item, string>;
  return z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(itemSchema));
}

function rangeText(min: number, max: number, unit = ''): string {
  const hasMin = min > Number.MIN_SAFE_INTEGER;
  const hasMax = max < Number.MAX_SAFE_INTEGER;
  if (hasMin && hasMax) return ` from ${min} to ${max}${unit}`;
  if (hasMin) return ` of at least ${min}${unit}`;
  if (hasMax) return ` of at most ${max}${unit}`;
  return '';
}

/**
 * `VIGIA_NAMESPACE`: the topic namespace of an isolated replay
 * (`<ns>.vigia.events.v1`…); unset means the live topics.
 */
export function envNamespace() {
  return z
    .string()
    .trim()
    .regex(namespacePattern, 'expected 1-63 lower-case letters, digits or inner dashes')
    .optional()
    .describe('replay namespace: every topic and consumer group is prefixed with it (default: the live topics)');
}
