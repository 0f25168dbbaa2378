/**
 * Relative change in percent, `(current − previous) / previous · 100`, or
 * `undefined` when there is no positive base to compare with: a zone's first
 * survey (or a previous figure of 0 ha) has no growth, never an infinite or
 * NaN one — nor when the quotient overflows.
 */
export function percentChange(current: number, previous: number | undefined): number | undefined {
  if (previous === undefined || !(previous > 0)) return undefined;
  return finiteOrUndefined(((current - previous) / previous) * 100);
}

/** `part / whole · 100`, or `undefined` without a positive whole. */
export function percentShare(part: number, whole: number | undefined): number | undefined {
  if (whole === undefined || !(whole > 0)) return undefined;
  return finiteOrUndefined((part / whole) * 100);
}

// A denormal base (5e-324 ha) overflows the quotient; no growth is better than an infinite one.
function finiteOrUndefined(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}
