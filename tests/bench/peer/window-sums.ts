/**
 * Trailing-window sums of one (region, metric) as of one day, whichever side
 * computed them — the common shape the aggregator-vs-peer check compares.
 */
export const comparedWindows = ['7d', '30d', '90d', '365d'] as const;
export type ComparedWindow = (typeof comparedWindows)[number];

export interface WindowSum {
  readonly value: number;
  /** Events counted in the window. */
  readonly events: number;
}

export interface SeriesWindowSums {
  /** The day the windows end on (and include), `YYYY-MM-DD`. */
  readonly asOf: string;
  readonly windows: Readonly<Partial<Record<ComparedWindow, WindowSum>>>;
}

/** `region|metric` → its latest window sums. */
export type WindowSumsByKey = ReadonlyMap<string, SeriesWindowSums>;

export interface Mismatch {
  readonly key: string;
  readonly window: ComparedWindow;
  readonly vigia: WindowSum | undefined;
  readonly peer: WindowSum | undefined;
}

export interface Comparison {
  /** Keys both sides hold as of `asOf`: the compared sample. */
  readonly compared: number;
  /** Keys the peer holds as of `asOf` (those Vigía holds too are compared). */
  readonly peerKeysAsOf: number;
  readonly mismatches: readonly Mismatch[];
}

/** Equal up to summation order: both sides add the same doubles in different orders. */
function sameSum(a: WindowSum | undefined, b: WindowSum | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.events === b.events && Math.abs(a.value - b.value) <= 1e-6 * Math.max(1, Math.abs(a.value), Math.abs(b.value));
}

/**
 * Compares every (region, metric) that both sides hold as of `asOf` (the last
 * day of the input): windows as of the last day cannot depend on arrival
 * order, since no contribution dated inside a 365-day window ending there is
 * ever behind either side's retention horizon.
 */
export function compareWindowSums(vigia: WindowSumsByKey, peer: WindowSumsByKey, asOf: string): Comparison {
  const mismatches: Mismatch[] = [];
  let compared = 0;
  let peerKeysAsOf = 0;
  for (const [key, peerSums] of peer) {
    if (peerSums.asOf !== asOf) continue;
    peerKeysAsOf += 1;
    const vigiaSums = vigia.get(key);
    if (vigiaSums?.asOf !== asOf) continue;
    compared += 1;
    for (const window of comparedWindows) {
      if (!sameSum(vigiaSums.windows[window], peerSums.windows[window])) {
        mismatches.push({ key, window, vigia: vigiaSums.windows[window], peer: peerSums.windows[window] });
      }
    }
  }
  return { compared, peerKeysAsOf, mismatches };
}
