import { dailyWindowDays, dailyWindows, MetricKind } from '../metrics/metric-catalogue.ts';
import { writeBucket, type AggregationState, type Series } from '../state/aggregation-state.ts';
import { pageOf } from '../state/bucket-pages.ts';
import { recordUndo } from '../state/journal.ts';
import type { DayNumber } from '../time/days.ts';
import { horizonDay } from '../time/retention.ts';
import type { TouchedGroups } from './touched-groups.ts';
import type { WrittenBuckets } from './written-buckets.ts';

/**
 * Moves the watermark forward to `to`: touches every daily group a bucket
 * entered or left a window of, and every group a bucket was evicted from (a tombstone
 * for each evicted bucket). A group nothing left is not recomputed, so its
 * derived figures (change, baseline, z-score) keep the `asOf` of their last
 * emission until its next change — recomputing every series every day would
 * publish every derived figure of the country daily.
 */
export function slideWindows(state: AggregationState, to: DayNumber, touched: TouchedGroups, written: WrittenBuckets): void {
  const from = state.watermark;
  recordUndo(state, () => (state.watermark = from));
  const touch = (series: Series) => touched.touch(series.key, series.region, series.metric, series.source);
  if (from === undefined) {
    // The first watermark: every daily series gets its first figures.
    for (const series of state.series.values()) if (series.kind === MetricKind.daily) touch(series);
  } else {
    // Buckets that enter the windows (read ahead of the watermark), then those that leave one.
    visitBuckets(state, from, to, MetricKind.daily, touch);
    for (const window of dailyWindows) {
      const days = dailyWindowDays[window];
      visitBuckets(state, from - days, Math.min(from, to - days), MetricKind.daily, touch);
    }
  }
  const evictions: Array<{ series: Series; day: DayNumber }> = [];
  for (const kind of [MetricKind.daily, MetricKind.survey]) {
    const after = from === undefined ? Number.NEGATIVE_INFINITY : horizonDay(kind, from, state.options);
    visitBuckets(state, after, horizonDay(kind, to, state.options), kind, (series, days) => {
      touch(series);
      for (const day of days) evictions.push({ series, day });
    });
  }
  for (const { series, day } of evictions) written.add(writeBucket(state, series.region, series.metric, series.source, day, undefined), day);
  state.watermark = to;
}

/**
 * Calls `visit` for every series of `kind` with buckets in (`after`,
 * `through`], with those days (a series spanning several pages is visited
 * once per page). Walks the calendar's pages in the range, or filters the
 * calendar when that is shorter.
 */
function visitBuckets(
  state: AggregationState,
  after: DayNumber,
  through: DayNumber,
  kind: MetricKind,
  visit: (series: Series, days: DayNumber[]) => void,
): void {
  if (through <= after) return;
  const first = pageOf(Math.max(after, Number.MIN_SAFE_INTEGER) + 1);
  const last = pageOf(through);
  const pages =
    last - first < state.calendar.size
      ? Array.from({ length: last - first + 1 }, (_, index) => first + index)
      : [...state.calendar.keys()].filter((page) => page >= first && page <= last);
  for (const page of pages) {
    const members = state.calendar.get(page);
    if (members === undefined) continue;
    for (const series of members) {
      if (series.kind !== kind) continue;
      const days = series.buckets.daysOnPage(page, after, through);
      if (days.length > 0) visit(series, days);
    }
  }
}
