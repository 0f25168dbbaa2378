import type { RegionRef } from '@vigia/schemas';
import { figuresOfGroup, groupKey, groupOfMetric, type FigureGroup } from '../figures/figure-groups.ts';
import type { Figures } from '../figures/figure.ts';
import { dailyWindowDays, dailyWindows, MetricKind } from '../metrics/metric-catalogue.ts';
import { writeBucket, type AggregationState } from '../state/aggregation-state.ts';
import { recordUndo } from '../state/journal.ts';
import { dayNumberOf, type DayNumber } from '../time/days.ts';
import { horizonDay } from '../time/retention.ts';
import { bucketRecord, diffFigures, emptyOutputs, type StepOutputs } from './outputs.ts';

/**
 * Moves the partition's stream time forward to `day` — from an event, or an
 * explicit tick (cron, in live mode only; a replay never ticks). Stream time
 * never moves back: an earlier day is a no-op.
 *
 * Emits, in this order: a tombstone for every bucket that fell behind its
 * retention horizon, then, for every group a bucket left a window of (or was
 * evicted from), each figure that changed, with `asOf` the new stream day and
 * `correction: false`. A group nothing left is not recomputed, so its
 * derived figures (change, baseline, z-score) keep the `asOf` of their last
 * emission until its next change — see the README.
 */
export function advanceStreamTime(state: AggregationState, day: string): StepOutputs {
  const outputs = emptyOutputs();
  advanceTo(state, dayNumberOf(day), outputs);
  return outputs;
}

/** `advanceStreamTime` on a day number, appending to `outputs`. */
export function advanceTo(state: AggregationState, to: DayNumber, outputs: StepOutputs): void {
  const from = state.streamDay;
  if (from !== undefined && to <= from) return;
  recordUndo(state, () => (state.streamDay = from));
  if (from === undefined) {
    state.streamDay = to;
    return;
  }
  const touched = new Map<string, { group: FigureGroup; region: RegionRef; before: Figures }>();
  const touch = (seriesKey: string) => {
    const series = state.series.get(seriesKey);
    if (series === undefined) return;
    const group = groupOfMetric(series.region.code, series.metric);
    const key = groupKey(group);
    if (!touched.has(key)) touched.set(key, { group, region: series.region, before: figuresOfGroup(state, group, from) });
  };
  for (const window of dailyWindows) {
    const days = dailyWindowDays[window];
    for (const bucketDay of calendarDays(state, from - days, Math.min(from, to - days))) {
      for (const key of state.calendar.get(bucketDay) ?? []) if (state.series.get(key)?.kind === MetricKind.daily) touch(key);
    }
  }
  const evictions: Array<{ seriesKey: string; day: DayNumber }> = [];
  for (const kind of [MetricKind.daily, MetricKind.survey]) {
    for (const bucketDay of calendarDays(state, horizonDay(kind, from, state.options), horizonDay(kind, to, state.options))) {
      for (const key of state.calendar.get(bucketDay) ?? []) {
        if (state.series.get(key)?.kind !== kind) continue;
        touch(key);
        evictions.push({ seriesKey: key, day: bucketDay });
      }
    }
  }
  for (const { seriesKey, day } of evictions) {
    const series = state.series.get(seriesKey)!;
    writeBucket(state, series.region, series.metric, day, undefined);
    outputs.buckets.push(bucketRecord(series.region, series.metric, day, undefined, to));
  }
  state.streamDay = to;
  for (const { group, region, before } of touched.values()) {
    diffFigures(region, before, figuresOfGroup(state, group, to), () => false, outputs.indicators);
  }
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
