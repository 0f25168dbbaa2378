/**
 * The records the generator emits: reports in the JSON shape publishers send
 * to ingest (see services/normalizer/README.md, "Our JSON"), or — for the
 * share of malformed input — a line that is not JSON at all.
 */
export type Report = Readonly<Record<string, unknown>>;

export type ScenarioRecord =
  | { readonly kind: 'report'; readonly report: Report }
  | { readonly kind: 'unparseable'; readonly line: string };

/** A record scheduled to reach ingest on `arrivalDay` (days since 1970-01-01). */
export interface Scheduled {
  readonly arrivalDay: number;
  /** Tie-breaker that keeps the order deterministic. */
  readonly sequence: number;
  readonly record: ScenarioRecord;
}

const dayMs = 86_400_000;

export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / dayMs);
}

export function isoDate(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

export const report = (value: Report): ScenarioRecord => ({ kind: 'report', report: value });
