/**
 * Instants as milliseconds inside the engine and as RFC 3339 text outside.
 * Only conversions: no function here reads a clock.
 */

/** `2020-12-31T00:00:00Z` (milliseconds only when there are some). */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Midnight UTC of a `YYYY-MM-DD` day. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The `YYYY-MM-DD` day containing an instant (UTC). */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
