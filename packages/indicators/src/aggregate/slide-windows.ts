import { groupOfMetric } from '../figures/figure-groups.ts';
import { dailyWindowDays, dailyWindows, MetricKind } from '../metrics/metric-catalogue.ts';
import { writeBucket, type AggregationState } from '../state/aggregation-state.ts';
import { recordUndo } from '../state/journal.ts';
import type { DayNumber } from '../time/days.ts';
import { horizonDay } from '../time/retention.ts';
import { bucketRecord, type StepOutputs } from './outputs.ts';
import type { TouchedGroups } from './touched-groups.ts';

/**
 * Moves the watermark forward to `to`: touches every daily group a bucket
 * entered or left a window of, and every group a bucket was evicted from (a tombstone
 * for each evicted bucket). A group nothing left is not recomputed, so its
 * derived figures (change, baseline, z-score) keep the `asOf` of their last
 * emission until its next change — recomputing every series every day would
 * publish every derived figure of the country daily.
 */
export function slideWindows(state: AggregationState, to: DayNumber, touched: TouchedGroups, outputs: StepOutputs): void {
  const from = state.watermark;
  recordUndo(state, () => (state.watermark = from));
  if (from === undefined) {
    // The first watermark: every daily series gets its first figures.
    for (const series of state.series.values()) {
      if (series.kind === MetricKind.daily) touched.touch(groupOfMetric(series.region.code, series.metric), series.region);
    }
  } else {
    // Buckets that enter the windows (read ahead of the watermark), then those that leave one.
    for (const bucketDay of calendarDays(state, from, to)) touchDay(state, bucketDay, MetricKind.daily, touched);
    for (const window of dailyWindows) {
      const days = dailyWindowDays[window];
      for (const bucketDay of calendarDays(state, from - days, Math.min(from, to - days))) touchDay(state, bucketDay, MetricKind.daily, touched);
    }
  }
  const evictions: Array<{ seriesKey: string; day: DayNumber }> = [];
  for (const kind of [MetricKind.daily, MetricKind.survey]) {
    const after = from === undefined ? Number.NEGATIVE_INFINITY : horizonDay(kind, from, state.options);
    for (const bucketDay of calendarDays(state, after, horizonDay(kind, to, state.options))) {
      for (const key of touchDay(state, bucketDay, kind, touched)) evictions.push({ seriesKey: key, day: bucketDay });
    }
  }
  for (const { seriesKey, day } of evictions) {
    const series = state.series.get(seriesKey)!;
    writeBucket(state, series.region, series.metric, series.source, day, undefined);
    outputs.buckets.push(bucketRecord(series.region, series.metric, series.source, day, undefined, to));
  }
  state.watermark = to;
}

/** Touches the groups of `kind` with a bucket on `day`; returns their series keys. */
function touchDay(state: AggregationState, day: DayNumber, kind: MetricKind, touched: TouchedGroups): string[] {
  const keys: string[] = [];
  for (const key of state.calendar.get(day) ?? []) {
    const series = state.series.get(key);
    if (series?.kind !== kind) continue;
    touched.touch(groupOfMetric(series.region.code, series.metric, series.source), series.region);
    keys.push(key);
  }
  return keys;
}

/** Days in (`after`, `through`] that have buckets, ascending; scans the calendar when that is shorter. */
export function calendarDays(state: AggregationState, after: DayNumber, through: DayNumber): DayNumber[] {
  if (through <= after) return [];
  if (through - after <= state.calendar.size) {
    const days: DayNumber[] = [];
    for (let day = after + 1; day <= through; day += 1) if (state.calendar.has(day)) days.push(day);
    return days;
  }
  return [...state.calendar.keys()].filter((day) => day > after && day <= through).sort((a, b) => a - b);
}
