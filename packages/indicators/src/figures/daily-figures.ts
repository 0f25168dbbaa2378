import { baselineWindows, changeWindows, dailyWindows, DerivedIndicator } from '../metrics/metric-catalogue.ts';
import { minStandardDeviation } from '../maths/ewma.ts';
import { percentChange } from '../maths/growth.ts';
import { lookbackDays, periodSumsOf, periodsUsed, periodWindows } from '../state/period-sums.ts';
import type { AggregationSettings, Series } from '../state/aggregation-state.ts';
import type { DayNumber } from '../time/days.ts';
import { putFigure, type Figure, type Figures } from './figure.ts';
import { dailySlots, emptySlotFigures, slotMetrics, slotOf, type SlotFigures } from './figure-slots.ts';

/** Per window: its slots and where its periods sit in the period sums. */
const windowPlans = dailyWindows.map((window, index) => ({
  period: periodWindows[index]!,
  base: slotOf(window, undefined),
  change: changeWindows.includes(window) ? slotOf(window, DerivedIndicator.change) : -1,
  changePct: changeWindows.includes(window) ? slotOf(window, DerivedIndicator.changePct) : -1,
  baseline: baselineWindows.includes(window) ? slotOf(window, DerivedIndicator.baseline) : -1,
  zScore: baselineWindows.includes(window) ? slotOf(window, DerivedIndicator.zScore) : -1,
}));

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
 * series without buckets on or before `asOf` has no figures. The periods come
 * from the series' running sums (see `PeriodSums`) or one pass over at most
 * `baselineLookbackDays` days of typed pages: the cost does not grow with the
 * series' history.
 */
export function computeDailySlots(series: Series, asOf: DayNumber, settings: AggregationSettings, into: SlotFigures): void {
  into.values.fill(Number.NaN);
  into.events.fill(0);
  const firstDay = series.buckets.firstDay();
  if (firstDay === undefined || firstDay > asOf) return;
  const lookback = lookbackDays(settings.dailyRetentionDays);
  const cells = periodSumsOf(series, firstDay, asOf, lookback);
  for (const plan of windowPlans) writeWindow(plan, cells, periodsUsed(plan.period, lookback), firstDay, asOf, settings, into);
}

type WindowPlan = (typeof windowPlans)[number];

function writeWindow(
  plan: WindowPlan,
  cells: Float64Array,
  periods: number,
  firstDay: DayNumber,
  asOf: DayNumber,
  settings: AggregationSettings,
  into: SlotFigures,
): void {
  // Cell `k` of the window is period `k`: its sum at `2·(at + k)`, its event count right after.
  const at = plan.period.offset * 2;
  const current = cells[at]!;
  const currentEvents = cells[at + 1]!;
  into.values[plan.base] = current;
  into.events[plan.base] = currentEvents;
  if (plan.change >= 0) {
    const previous = periods > 1 ? cells[at + 2]! : 0;
    const both = currentEvents + (periods > 1 ? cells[at + 3]! : 0);
    into.values[plan.change] = current - previous;
    into.events[plan.change] = both;
    into.values[plan.changePct] = percentChange(current, previous) ?? Number.NaN;
    into.events[plan.changePct] = both;
  }
  if (plan.baseline < 0) return;
  const known = Math.min(periods - 1, Math.floor((asOf - firstDay) / plan.period.days));
  if (known < settings.ewmaMinPeriods) return;
  // The EWMA of periods `known` … 1, oldest first (the incremental form of `ewmaOf`), without an array per figure.
  const alpha = settings.ewmaAlpha;
  let mean = cells[at + known * 2]!;
  let variance = 0;
  let pastEvents = cells[at + known * 2 + 1]!;
  for (let period = known - 1; period >= 1; period -= 1) {
    const difference = cells[at + period * 2]! - mean;
    const increment = alpha * difference;
    mean += increment;
    variance = (1 - alpha) * (variance + difference * increment);
    pastEvents += cells[at + period * 2 + 1]!;
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
