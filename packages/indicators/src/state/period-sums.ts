import { dailyWindowDays, dailyWindows } from '../metrics/metric-catalogue.ts';
import type { DayNumber } from '../time/days.ts';
import type { Series } from './aggregation-state.ts';
import { pageDays, pageOf } from './bucket-pages.ts';

/** How far back baselines and z-scores look: the 400 days they always used, whatever the retention. */
export const baselineLookbackDays = 400;

/** A daily window's periods: period `k` is the window's days ending `k` windows before the day the sums are as of. */
export interface PeriodWindow {
  readonly days: number;
  /** Cell of period 0; period `k` is at `offset + k`. */
  readonly offset: number;
}

let cellCount = 0;
export const periodWindows: readonly PeriodWindow[] = dailyWindows.map((window) => {
  const days = dailyWindowDays[window];
  const offset = cellCount;
  cellCount += Math.floor(baselineLookbackDays / days);
  return { days, offset };
});

/** Period cells of all windows together; an array of period sums holds each cell's sum and event count side by side, at `2·cell` and `2·cell + 1`. */
const periodCells = cellCount;

/** The days figures look back over with this retention. */
export function lookbackDays(dailyRetentionDays: number): number {
  return Math.min(dailyRetentionDays, baselineLookbackDays);
}

/** Periods of a window that lie wholly inside the lookback: a retention shorter than 400 days uses fewer. */
export function periodsUsed(window: PeriodWindow, lookback: number): number {
  return Math.floor(lookback / window.days);
}

/**
 * For a lookback, the cell each age in days falls in, per window
 * (`cells[age * windows + w]`, −1 beyond the periods used): the loops over
 * buckets look periods up instead of dividing.
 */
const cellTables = new Map<number, Int32Array>();
/** The table last asked for: every bucket write asks, and a process runs one retention. */
let lastTable: { readonly lookback: number; readonly cells: Int32Array } | undefined;
function cellsFor(lookback: number): Int32Array {
  if (lastTable?.lookback === lookback) return lastTable.cells;
  let cells = cellTables.get(lookback);
  if (cells !== undefined) {
    lastTable = { lookback, cells };
    return cells;
  }
  cells = new Int32Array(baselineLookbackDays * periodWindows.length).fill(-1);
  for (let age = 0; age < lookback; age += 1) {
    periodWindows.forEach((window, index) => {
      const period = Math.floor(age / window.days);
      if (period < periodsUsed(window, lookback)) cells![age * periodWindows.length + index] = window.offset + period;
    });
  }
  cellTables.set(lookback, cells);
  lastTable = { lookback, cells };
  return cells;
}

/**
 * A daily series' period sums as of `anchor`, kept between batches so that
 * figures cost a read of 75 periods rather than a pass over 400 days: a
 * bucket write adds its difference to the periods its day is in, and a
 * watermark a few days on slides each period by the days that entered and
 * left it. Only a series whose buckets all add exactly (`BucketPages.addsExactly`)
 * keeps them: their sums, in any order, are the exact sums a fresh pass
 * computes, bit for bit — where a running float sum would drift, and a
 * window that should be empty would hold 1e-17 and publish a change from it.
 */
export interface PeriodSums {
  anchor: DayNumber;
  /** Sums at `2·cell`, event counts at `2·cell + 1`: a write's two additions land on one cache line. */
  readonly cells: Float64Array;
  /**
   * Whether what is published of the series is its figures from these sums
   * as of `anchor`: cleared by every change they depend on (a write in the
   * lookback, a new earliest day), so that a series touched only by writes
   * older than the lookback is not recomputed just to find nothing changed.
   */
  settled: boolean;
}

/** Whether a series' figures as of `asOf` are known to be what is published of it (see `PeriodSums.settled`). */
export function isSettled(sums: PeriodSums | undefined, asOf: DayNumber): boolean {
  return sums?.settled === true && sums.anchor === asOf;
}

/** A slide costs about 80 day reads per day moved; beyond this, a fresh pass over the lookback is cheaper. */
const maxSlideDays = 3;

/** Scratch cells for series that keep no sums. */
const scratchCells = new Float64Array(periodCells * 2);

/**
 * The period sums of a daily series as of `asOf` (with buckets on or before
 * it): its kept sums, brought to `asOf` — created on first use — or, for a
 * series whose buckets do not all add exactly, a fresh pass into scratch
 * cells valid until the next call.
 */
export function periodSumsOf(series: Series, firstDay: DayNumber, asOf: DayNumber, lookback: number): Float64Array {
  const pages = series.buckets.pages;
  if (!series.buckets.addsExactly) {
    sumPeriods(pages, firstDay, asOf, lookback, scratchCells);
    return scratchCells;
  }
  const sums = series.periodSums;
  if (sums === undefined) {
    const cells = new Float64Array(periodCells * 2);
    sumPeriods(pages, firstDay, asOf, lookback, cells);
    series.periodSums = { anchor: asOf, cells, settled: false };
    return cells;
  }
  const slide = asOf - sums.anchor;
  if (slide === 0) return sums.cells;
  if (slide < 0 || slide > maxSlideDays) sumPeriods(pages, firstDay, asOf, lookback, sums.cells);
  else slidePeriods(pages, sums, asOf, lookback);
  sums.anchor = asOf;
  sums.settled = false;
  return sums.cells;
}

/** Adds a bucket's change (new minus old, both adding exactly) to the periods its day falls in. */
export function addToPeriodSums(sums: PeriodSums, day: DayNumber, valueDelta: number, eventCountDelta: number, lookback: number): void {
  const age = sums.anchor - day;
  if (age < 0 || age >= lookback) return;
  sums.settled = false;
  const table = cellsFor(lookback);
  const cells = sums.cells;
  const first = age * periodWindows.length;
  for (let window = 0; window < periodWindows.length; window += 1) {
    const cell = table[first + window]!;
    if (cell < 0) continue;
    cells[cell * 2]! += valueDelta;
    cells[cell * 2 + 1]! += eventCountDelta;
  }
}

/** Fills `cells` with the periods ending on `asOf`, in one pass over the lookback's pages. */
function sumPeriods(pages: ReadonlyMap<number, Float64Array>, firstDay: DayNumber, asOf: DayNumber, lookback: number, cells: Float64Array): void {
  cells.fill(0);
  const oldest = asOf - lookback + 1;
  const table = cellsFor(lookback);
  const windows = periodWindows.length;
  for (let pageNumber = pageOf(Math.max(oldest, firstDay)); pageNumber <= pageOf(asOf); pageNumber += 1) {
    const page = pages.get(pageNumber);
    if (page === undefined) continue;
    const pageStart = pageNumber * pageDays;
    const from = Math.max(oldest, pageStart) - pageStart;
    const to = Math.min(asOf, pageStart + pageDays - 1) - pageStart;
    for (let index = from; index <= to; index += 1) {
      const value = page[index * 2]!;
      const eventCount = page[index * 2 + 1]!;
      if (value === 0 && eventCount === 0) continue;
      const first = (asOf - pageStart - index) * windows;
      for (let window = 0; window < windows; window += 1) {
        const cell = table[first + window]!;
        if (cell < 0) continue;
        cells[cell * 2]! += value;
        cells[cell * 2 + 1]! += eventCount;
      }
    }
  }
}

/**
 * Moves the sums' periods forward to end on `asOf`: period `k` gains the days
 * (anchor − k·N, asOf − k·N] and loses (anchor − (k+1)·N, asOf − (k+1)·N],
 * which period `k + 1` gains in turn.
 */
function slidePeriods(pages: ReadonlyMap<number, Float64Array>, sums: PeriodSums, asOf: DayNumber, lookback: number): void {
  const cells = sums.cells;
  for (const window of periodWindows) {
    sumRange(pages, sums.anchor, asOf);
    let enteringValue = rangeValue;
    let enteringEvents = rangeEvents;
    const used = periodsUsed(window, lookback);
    for (let period = 0; period < used; period += 1) {
      const shift = (period + 1) * window.days;
      sumRange(pages, sums.anchor - shift, asOf - shift);
      const cell = window.offset + period;
      cells[cell * 2]! += enteringValue - rangeValue;
      cells[cell * 2 + 1]! += enteringEvents - rangeEvents;
      enteringValue = rangeValue;
      enteringEvents = rangeEvents;
    }
  }
}

let rangeValue = 0;
let rangeEvents = 0;

/** Sums the buckets of days (`after`, `through`] into `rangeValue` and `rangeEvents`. */
function sumRange(pages: ReadonlyMap<number, Float64Array>, after: DayNumber, through: DayNumber): void {
  rangeValue = 0;
  rangeEvents = 0;
  for (let day = after + 1; day <= through; ) {
    const pageNumber = pageOf(day);
    const pageStart = pageNumber * pageDays;
    const last = Math.min(through, pageStart + pageDays - 1);
    const page = pages.get(pageNumber);
    if (page !== undefined) {
      for (let index = day - pageStart; index <= last - pageStart; index += 1) {
        rangeValue += page[index * 2]!;
        rangeEvents += page[index * 2 + 1]!;
      }
    }
    day = last + 1;
  }
}
