import { isoDateSchema, type Contribution, type RegionRef, type Watermark } from '@vigia/schemas';
import { groupOfMetric } from '../figures/figure-groups.ts';
import { MetricKind, metricKindOf } from '../metrics/metric-catalogue.ts';
import { isEmptyBucket, seriesKey, writeBucket, type AggregationState } from '../state/aggregation-state.ts';
import { dayNumberOf, isoDayOf } from '../time/days.ts';
import { horizonDay } from '../time/retention.ts';
import { bucketRecord, emptyOutputs, type BucketRecord, type StepOutputs } from './outputs.ts';
import { TouchedGroups } from './touched-groups.ts';
import { slideWindows } from './slide-windows.ts';

/** What an aggregate partition consumes: contributions for its regions and the fan-out's watermarks. */
export type AggregateInput = Contribution | Watermark;

/**
 * Applies one batch of a partition's inputs to its state, mutating it, and
 * returns what to publish: one record per changed bucket, one per changed
 * figure, and the new watermark if it moved.
 *
 * 1. Each contribution's deltas are added to their buckets (daily buckets
 *    per region, metric and day; survey buckets per region, metric, source
 *    and year), with its `eventCountDelta`; a bucket left with no events and
 *    no amount is deleted. A delta at or behind its retention horizon (counted
 *    back from the watermark) is ignored: it cannot reach any window.
 * 2. Watermark records move the watermark to the latest day among them —
 *    once, at the end of the batch — which evicts what fell behind retention
 *    and slides the daily windows.
 * 3. Every touched group's figures are computed once and compared with the
 *    group's figures before the batch.
 *
 * Sums commute, the watermark is a max and figures are computed from the
 * batch's end state, so the end state and the last record of every key do not
 * depend on the order of inputs or on where batches begin and end.
 */
export function applyBatch(state: AggregationState, inputs: Iterable<AggregateInput>): StepOutputs {
  const outputs = emptyOutputs();
  const touched = new TouchedGroups(state);
  let nextWatermark = state.watermark;
  for (const input of inputs) {
    if (input.type === 'watermark.advanced') {
      const day = dayNumberOf(input.day);
      if (nextWatermark === undefined || day > nextWatermark) nextWatermark = day;
      continue;
    }
    addContribution(state, input, touched, outputs);
  }
  if (nextWatermark !== undefined && (state.watermark === undefined || nextWatermark > state.watermark)) {
    slideWindows(state, nextWatermark, touched, outputs);
    outputs.watermark = isoDayOf(nextWatermark);
  }
  touched.diff(outputs.indicators);
  return { ...outputs, buckets: lastPerKey(outputs.buckets) };
}

/** One changelog record per bucket per batch: compaction keeps only the last anyway. */
function lastPerKey(records: readonly BucketRecord[]): BucketRecord[] {
  const byKey = new Map<string, BucketRecord>();
  for (const record of records) {
    byKey.delete(record.key);
    byKey.set(record.key, record);
  }
  return [...byKey.values()];
}

/**
 * Moves the watermark to `day` — as a watermark record does; a replay feeds
 * the watermark of its input, and no clock ever moves it. An earlier day is a
 * no-op.
 */
export function advanceWatermark(state: AggregationState, day: string): StepOutputs {
  isoDateSchema.parse(day);
  return applyBatch(state, [{ type: 'watermark.advanced', day }]);
}

function addContribution(state: AggregationState, contribution: Contribution, touched: TouchedGroups, outputs: StepOutputs): void {
  const day = dayNumberOf(contribution.day);
  const region = plainRegion(contribution.target);
  const watermark = state.watermark;
  // Late: the day is before the watermark (already published as past), or the change revises an already counted event.
  const late = (watermark !== undefined && day < watermark) || contribution.eventCountDelta !== 1;
  for (const [metric, delta] of Object.entries(contribution.deltas)) {
    const kind = metricKindOf(metric);
    if (watermark !== undefined && day <= horizonDay(kind, watermark, state.options)) continue;
    const source = kind === MetricKind.survey ? (contribution.source ?? unattributedSource) : undefined;
    touched.touch(groupOfMetric(region.code, metric, source), region, late);
    const current = state.series.get(seriesKey(region.code, metric, source))?.buckets.get(day) ?? { value: 0, eventCount: 0 };
    const next = { value: current.value + delta, eventCount: current.eventCount + contribution.eventCountDelta };
    const bucket = isEmptyBucket(next) ? undefined : next;
    writeBucket(state, region, metric, source, day, bucket);
    outputs.buckets.push(bucketRecord(region, metric, source, day, bucket, watermark));
  }
}

/** The series of a survey contribution that names no source (written before sources were carried). */
export const unattributedSource = 'unattributed';

function plainRegion(region: RegionRef): RegionRef {
  return { code: region.code, level: region.level };
}
