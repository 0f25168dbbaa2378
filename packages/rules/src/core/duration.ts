/**
 * Durations as Prometheus writes them (`30d`, `12h`, `1d12h`, `90m`, `0s`):
 * one or more number+unit pairs, largest unit first is customary but not
 * required. No months or years: they have no fixed length, and a rule that
 * means "a year" should say `365d` and mean it.
 */

const unitMs = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;
type DurationUnit = keyof typeof unitMs;

const durationPattern = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const partPattern = /(\d+)(ms|s|m|h|d|w)/g;

export const dayMs = unitMs.d;

/** Milliseconds of `text`, or `undefined` when it is no duration (`0` alone is accepted too). */
export function parseDurationMs(text: string): number | undefined {
  if (text === '0') return 0;
  if (!durationPattern.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(partPattern)) {
    total += Number(match[1]) * unitMs[match[2] as DurationUnit];
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

/** `2 observations` / `1 observation` → 2 / 1; anything else → `undefined`. */
export function parseObservationCount(text: string): number | undefined {
  const match = /^(\d+) observations?$/.exec(text);
  if (match === null) return undefined;
  const count = Number(match[1]);
  return count >= 1 && count <= 1000 ? count : undefined;
}
