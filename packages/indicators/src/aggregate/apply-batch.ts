import { isoDateSchema, type Contribution, type Watermark } from '@vigia/schemas';
import { MetricKind, metricKindOf } from '../metrics/metric-catalogue.ts';
import { addToBucket, seriesKey, type AggregationState } from '../state/aggregation-state.ts';
import { dayNumberOf, isoDayOf } from '../time/days.ts';
import { horizonDay } from '../time/retention.ts';
import { emptyOutputs, type StepOutputs } from './outputs.ts';
import { WrittenBuckets } from './written-buckets.ts';
import { TouchedGroups } from './touched-groups.ts';
import { slideWindows } from './slide-windows.ts';

export interface ApplyOptions {
  /** Build the changelog records of the buckets written (default true). A replay keeps no changelog and skips them. */
  readonly changelog?: boolean;
}

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
export function applyBatch(state: AggregationState, inputs: Iterable<AggregateInput>, options: ApplyOptions = {}): StepOutputs {
  const outputs = emptyOutputs();
  const touched = new TouchedGroups(state);
  const written = new WrittenBuckets(options.changelog ?? true);
  let nextWatermark = state.watermark;
  for (const input of inputs) {
    if (input.type === 'watermark.advanced') {
      const day = dayNumberOf(input.day);
      if (nextWatermark === undefined || day > nextWatermark) nextWatermark = day;
      continue;
    }
    addContribution(state, input, touched, written);
  }
  if (nextWatermark !== undefined && (state.watermark === undefined || nextWatermark > state.watermark)) {
    slideWindows(state, nextWatermark, touched, written);
    outputs.watermark = isoDayOf(nextWatermark);
  }
  touched.diff(outputs.indicators);
  written.records(state.watermark, outputs.buckets);
  return outputs;
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

function addContribution(state: AggregationState, contribution: Contribution, touched: TouchedGroups, written: WrittenBuckets): void {
  const day = dayNumberOf(contribution.day);
  const region = contribution.target;
  const watermark = state.watermark;
  // Late: the day is before the watermark (already published as past), or the change revises an already counted event.
  const late = (watermark !== undefined && day < watermark) || contribution.eventCountDelta !== 1;
  const deltas = contribution.deltas;
  for (const metric in deltas) {
    const delta = deltas[metric]!;
    const kind = metricKindOf(metric);
    if (watermark !== undefined && day <= horizonDay(kind, watermark, state.options)) continue;
    const source = kind === MetricKind.survey ? (contribution.source ?? unattributedSource) : undefined;
    const key = seriesKey(region.code, metric, source);
    touched.touch(key, region, metric, source, late);
    written.add(addToBucket(state, key, region, metric, source, day, delta, contribution.eventCountDelta), day);
  }
}

/** The series of a survey contribution that names no source (written before sources were carried). */
export const unattributedSource = 'unattributed';
