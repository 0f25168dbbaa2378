import { baselineWindows, changeWindows, dailyWindowDays, dailyWindows, derivedMetric, DerivedIndicator } from '../metrics/metric-catalogue.ts';
import { ewmaOf, zScoreOf } from '../maths/ewma.ts';
import { percentChange } from '../maths/growth.ts';
import type { AggregationSettings, Series } from '../state/aggregation-state.ts';
import type { DayNumber } from '../time/days.ts';
import { putFigure, type Figure, type Figures } from './figure.ts';

/**
 * Every figure of a daily series as of stream day `asOf`. Windows are
 * trailing and include `asOf`: `7d` sums the buckets of days
 * `asOf − 6 … asOf`. Period `k` of a window of N days is the N days ending
 * `k·N` days before `asOf` (period 0 is the window itself); only periods that
 * lie wholly inside the retained history are used.
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
 * series without buckets on or before `asOf` has no figures.
 */
/** How far back baselines and z-scores look: the 400 days they always used, whatever the retention. */
export const baselineLookbackDays = 400;

export function dailyFigures(series: Series, asOf: DayNumber, settings: AggregationSettings): Figures {
  const figures = new Map<string, Figure>();
  if (series.buckets.size === 0) return figures;
  const periods = dailyWindows.map((window) => {
    const days = dailyWindowDays[window];
    // Past periods reach back at most `baselineLookbackDays`: with alpha 0.3 a period 56 weeks old weighs 0.7^56 ≈ 2e-9.
    const count = Math.floor(Math.min(settings.dailyRetentionDays, baselineLookbackDays) / days);
    return { window, days, sums: new Array<number>(count).fill(0), events: new Array<number>(count).fill(0) };
  });
  let firstDay = Number.POSITIVE_INFINITY;
  // forEach rather than for…of over entries: no [key, value] array per bucket (this loop is the hot path).
  const oldest = asOf - Math.min(settings.dailyRetentionDays, baselineLookbackDays);
  series.buckets.forEach((bucket, day) => {
    // A bucket after the watermark (a fan-out partition that read ahead) enters the windows when the watermark reaches it.
    if (day > asOf) return;
    if (day <= oldest) {
      // Older than every period: it only tells that the series existed (baselines start from its first bucket).
      if (day < firstDay) firstDay = day;
      return;
    }
    if (day < firstDay) firstDay = day;
    const age = asOf - day;
    for (const period of periods) {
      const index = Math.floor(age / period.days);
      if (index < period.sums.length) {
        period.sums[index]! += bucket.value;
        period.events[index]! += bucket.eventCount;
      }
    }
  });
  if (firstDay === Number.POSITIVE_INFINITY) return figures;
  const { metric } = series;
  for (const { window, days, sums, events } of periods) {
    const [current = 0, previous = 0] = sums;
    const [currentEvents = 0, previousEvents = 0] = events;
    putFigure(figures, { metric, window, value: current, contributingEvents: currentEvents, asOf });
    if (changeWindows.includes(window)) {
      const both = currentEvents + previousEvents;
      putFigure(figures, { metric: derivedMetric(metric, DerivedIndicator.change), window, value: current - previous, contributingEvents: both, asOf });
      putFigure(figures, { metric: derivedMetric(metric, DerivedIndicator.changePct), window, value: percentChange(current, previous), contributingEvents: both, asOf });
    }
    if (!baselineWindows.includes(window)) continue;
    const known = Math.min(sums.length - 1, Math.floor((asOf - firstDay) / days));
    if (known < settings.ewmaMinPeriods) continue;
    const ewma = ewmaOf(sums.slice(1, known + 1).reverse(), settings.ewmaAlpha)!;
    const pastEvents = events.slice(1, known + 1).reduce((total, count) => total + count, 0);
    putFigure(figures, { metric: derivedMetric(metric, DerivedIndicator.baseline), window, value: ewma.mean, contributingEvents: pastEvents, asOf });
    putFigure(figures, { metric: derivedMetric(metric, DerivedIndicator.zScore), window, value: zScoreOf(current, ewma), contributingEvents: pastEvents + currentEvents, asOf });
  }
  return figures;
}
