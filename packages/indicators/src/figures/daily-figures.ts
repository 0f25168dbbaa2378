import { baselineWindows, changeWindows, dailyWindowDays, dailyWindows, DerivedIndicator } from '../metrics/metric-catalogue.ts';
import { minStandardDeviation } from '../maths/ewma.ts';
import { percentChange } from '../maths/growth.ts';
import { pageDays, pageOf } from '../state/bucket-pages.ts';
import type { AggregationSettings, Series } from '../state/aggregation-state.ts';
import type { DayNumber } from '../time/days.ts';
import { putFigure, type Figure, type Figures } from './figure.ts';
import { dailySlots, emptySlotFigures, slotMetrics, slotOf, type SlotFigures } from './figure-slots.ts';

/** How far back baselines and z-scores look: the 400 days they always used, whatever the retention. */
export const baselineLookbackDays = 400;

/** Per window: its length, its slots, and where its periods sit in the scratch sums. */
let periodCount = 0;
const windowPlans = dailyWindows.map((window) => {
  const days = dailyWindowDays[window];
  const offset = periodCount;
  periodCount += Math.floor(baselineLookbackDays / days);
  return {
    days,
    base: slotOf(window, undefined),
    change: changeWindows.includes(window) ? slotOf(window, DerivedIndicator.change) : -1,
    changePct: changeWindows.includes(window) ? slotOf(window, DerivedIndicator.changePct) : -1,
    baseline: baselineWindows.includes(window) ? slotOf(window, DerivedIndicator.baseline) : -1,
    zScore: baselineWindows.includes(window) ? slotOf(window, DerivedIndicator.zScore) : -1,
    /** Index of this window's period 0 in `periodSums`. */
    offset,
    /** Periods inside this call's lookback: a retention shorter than 400 days uses fewer. */
    used: 0,
  };
});

/** Scratch: the sums and event counts of every period of every window (reused: the hot path allocates nothing). */
const periodSums = new Float64Array(periodCount);
const periodEvents = new Float64Array(periodCount);

/**
 * For a lookback, the cell of `periodSums` each age in days falls in, per
 * window (`cells[age * windows + w]`, −1 beyond the periods used): the loop
 * over buckets looks periods up instead of dividing.
 */
const cellTables = new Map<number, Int32Array>();
function cellsFor(lookback: number): Int32Array {
  let cells = cellTables.get(lookback);
  if (cells !== undefined) return cells;
  cells = new Int32Array(baselineLookbackDays * windowPlans.length).fill(-1);
  for (let age = 0; age < lookback; age += 1) {
    windowPlans.forEach((plan, index) => {
      const period = Math.floor(age / plan.days);
      if (period < Math.floor(lookback / plan.days)) cells![age * windowPlans.length + index] = plan.offset + period;
    });
  }
  cellTables.set(lookback, cells);
  return cells;
}

/**
 * Every figure of a daily series as of stream day `asOf`, written into
 * `into`'s slots (NaN where a figure does not exist). Windows are trailing and
 * include `asOf`: `7d` sums the buckets of days `asOf − 6 … asOf`. Period `k`
 * of a window of N days is the N days ending `k·N` days before `asOf` (period
 * 0 is the window itself); only periods that lie wholly inside the retained
 * history are used.
 *
 * - base (`incidents.count` in `7d`): Σ period 0;
 * - `.change` / `.change-pct`: period 0 versus period 1, for 7d, 30d and 90d
 *   (the percentage only when period 1 is positive);
 * - `.baseline` / `.zscore`: EWMA mean and variance of periods K…1 (oldest
 *   first), for 7d and 30d, when at least `ewmaMinPeriods` past periods end on
 *   or after the series' first retained bucket — periods before the series had
 *   any data are unknown, not zero; periods without events after it are zero.
 *   The z-score is `(period 0 − mean) / sd`, absent when the history is flat.
 *
 * `contributingEvents` counts the events of the periods a figure used. A
 * series without buckets on or before `asOf` has no figures. One pass over at
 * most `baselineLookbackDays` days of typed pages: the cost does not grow with
 * the series' history.
 */
export function computeDailySlots(series: Series, asOf: DayNumber, settings: AggregationSettings, into: SlotFigures): void {
  into.values.fill(Number.NaN);
  into.events.fill(0);
  const firstDay = series.buckets.firstDay();
  if (firstDay === undefined || firstDay > asOf) return;
  const lookback = Math.min(settings.dailyRetentionDays, baselineLookbackDays);
  const oldest = asOf - lookback + 1;
  for (const plan of windowPlans) plan.used = Math.floor(lookback / plan.days);
  periodSums.fill(0);
  periodEvents.fill(0);
  const cells = cellsFor(lookback);
  const windows = windowPlans.length;
  const pages = series.buckets.pages;
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
        const cell = cells[first + window]!;
        if (cell < 0) continue;
        periodSums[cell]! += value;
        periodEvents[cell]! += eventCount;
      }
    }
  }
  for (const plan of windowPlans) writeWindow(plan, firstDay, asOf, settings, into);
}

type WindowPlan = (typeof windowPlans)[number];

function writeWindow(plan: WindowPlan, firstDay: DayNumber, asOf: DayNumber, settings: AggregationSettings, into: SlotFigures): void {
  const at = plan.offset;
  const current = periodSums[at]!;
  const currentEvents = periodEvents[at]!;
  into.values[plan.base] = current;
  into.events[plan.base] = currentEvents;
  const periods = plan.used;
  if (plan.change >= 0) {
    const previous = periods > 1 ? periodSums[at + 1]! : 0;
    const both = currentEvents + (periods > 1 ? periodEvents[at + 1]! : 0);
    into.values[plan.change] = current - previous;
    into.events[plan.change] = both;
    into.values[plan.changePct] = percentChange(current, previous) ?? Number.NaN;
    into.events[plan.changePct] = both;
  }
  if (plan.baseline < 0) return;
  const known = Math.min(periods - 1, Math.floor((asOf - firstDay) / plan.days));
  if (known < settings.ewmaMinPeriods) return;
  // The EWMA of periods `known` … 1, oldest first (the incremental form of `ewmaOf`), without an array per figure.
  const alpha = settings.ewmaAlpha;
  let mean = periodSums[at + known]!;
  let variance = 0;
  let pastEvents = periodEvents[at + known]!;
  for (let period = known - 1; period >= 1; period -= 1) {
    const difference = periodSums[at + period]! - mean;
    const increment = alpha * difference;
    mean += increment;
    variance = (1 - alpha) * (variance + difference * increment);
    pastEvents += periodEvents[at + period]!;
  }
  into.values[plan.baseline] = mean;
  into.events[plan.baseline] = pastEvents;
  const deviation = Math.sqrt(Math.max(variance, 0));
  into.values[plan.zScore] = deviation < minStandardDeviation ? Number.NaN : (current - mean) / deviation;
  into.events[plan.zScore] = pastEvents + currentEvents;
  if (!Number.isFinite(into.values[plan.zScore]!)) into.values[plan.zScore] = Number.NaN;
}

/** The same figures as a map of `Figure`s, for queries. */
export function dailyFigures(series: Series, asOf: DayNumber, settings: AggregationSettings): Figures {
  const slots = emptySlotFigures();
  computeDailySlots(series, asOf, settings, slots);
  return figuresOfSlots(series.metric, slots, asOf);
}

/** Slot figures as `Figure`s of a series of `metric`, all as of `asOf`. */
function figuresOfSlots(metric: string, slots: SlotFigures, asOf: DayNumber): Figures {
  const figures = new Map<string, Figure>();
  const metrics = slotMetrics(metric);
  dailySlots.forEach((slot, index) => {
    putFigure(figures, { metric: metrics[index]!, window: slot.window, value: slots.values[index]!, contributingEvents: slots.events[index]!, asOf });
  });
  return figures;
}
