import { baselineWindows, changeWindows, dailyWindowDays, dailyWindows, DerivedIndicator } from '../metrics/metric-catalogue.ts';
import { minStandardDeviation } from '../maths/ewma.ts';
import { percentChange } from '../maths/growth.ts';
import { pageDays, pageOf } from '../state/bucket-pages.ts';
import type { AggregationSettings, Series } from '../state/aggregation-state.ts';
import type { DayNumber } from '../time/days.ts';
import { putFigure, type Figure, type Figures } from './figure.ts';
import { dailySlots, emptySlotFigures, slotMetric, slotOf, type SlotFigures } from './figure-slots.ts';

/** How far back baselines and z-scores look: the 400 days they always used, whatever the retention. */
export const baselineLookbackDays = 400;

/** Per window: its length, its slots, and scratch sums of its periods (reused: the hot path allocates nothing). */
const windowPlans = dailyWindows.map((window) => {
  const days = dailyWindowDays[window];
  const periods = Math.floor(baselineLookbackDays / days);
  return {
    days,
    base: slotOf(window, undefined),
    change: changeWindows.includes(window) ? slotOf(window, DerivedIndicator.change) : -1,
    changePct: changeWindows.includes(window) ? slotOf(window, DerivedIndicator.changePct) : -1,
    baseline: baselineWindows.includes(window) ? slotOf(window, DerivedIndicator.baseline) : -1,
    zScore: baselineWindows.includes(window) ? slotOf(window, DerivedIndicator.zScore) : -1,
    periodOfAge: Int32Array.from({ length: baselineLookbackDays }, (_, age) => Math.floor(age / days)),
    sums: new Float64Array(periods),
    events: new Float64Array(periods),
    /** Periods inside this call's lookback: a retention shorter than 400 days uses fewer. */
    used: periods,
  };
});

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
  for (const plan of windowPlans) {
    plan.used = Math.min(plan.sums.length, Math.floor(lookback / plan.days));
  }
  for (const plan of windowPlans) {
    plan.sums.fill(0);
    plan.events.fill(0);
  }
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
      const age = asOf - pageStart - index;
      for (const plan of windowPlans) {
        // The period of each age is looked up, not divided: this loop runs for every bucket of every touched series.
        const period = plan.periodOfAge[age]!;
        if (period < plan.used) {
          plan.sums[period]! += value;
          plan.events[period]! += eventCount;
        }
      }
    }
  }
  for (const plan of windowPlans) writeWindow(plan, firstDay, asOf, settings, into);
}

type WindowPlan = (typeof windowPlans)[number];

function writeWindow(plan: WindowPlan, firstDay: DayNumber, asOf: DayNumber, settings: AggregationSettings, into: SlotFigures): void {
  const current = plan.sums[0]!;
  const currentEvents = plan.events[0]!;
  into.values[plan.base] = current;
  into.events[plan.base] = currentEvents;
  const periods = plan.used;
  if (plan.change >= 0) {
    const previous = periods > 1 ? plan.sums[1]! : 0;
    const both = currentEvents + (periods > 1 ? plan.events[1]! : 0);
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
  let mean = plan.sums[known]!;
  let variance = 0;
  let pastEvents = plan.events[known]!;
  for (let period = known - 1; period >= 1; period -= 1) {
    const difference = plan.sums[period]! - mean;
    const increment = alpha * difference;
    mean += increment;
    variance = (1 - alpha) * (variance + difference * increment);
    pastEvents += plan.events[period]!;
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
export function figuresOfSlots(metric: string, slots: SlotFigures, asOf: DayNumber): Figures {
  const figures = new Map<string, Figure>();
  dailySlots.forEach((slot, index) => {
    putFigure(figures, { metric: slotMetric(metric, slot), window: slot.window, value: slots.values[index]!, contributingEvents: slots.events[index]!, asOf });
  });
  return figures;
}
