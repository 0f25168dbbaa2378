import type { Contribution, RegionRef } from '@vigia/schemas';
import { figuresOfGroup, groupKey, groupOfMetric, type FigureGroup } from '../figures/figure-groups.ts';
import type { Figure, Figures } from '../figures/figure.ts';
import { MetricKind, metricKindOf } from '../metrics/metric-catalogue.ts';
import { isEmptyBucket, seriesKey, writeBucket, type AggregationState } from '../state/aggregation-state.ts';
import { dayNumberOf, type DayNumber } from '../time/days.ts';
import { horizonDay } from '../time/retention.ts';
import { advanceTo } from './advance-stream-time.ts';
import { bucketRecord, diffFigures, emptyOutputs, type StepOutputs } from './outputs.ts';

/**
 * Applies one contribution (already routed to this partition by its target
 * region) to the state, mutating it, and returns what to produce.
 *
 * 1. A contribution dated after stream time first advances it to its day
 *    (see `advanceStreamTime`): stream time is the max event day seen.
 * 2. Each delta is added to its bucket, and the contribution's
 *    `eventCountDelta` to the bucket's event count; a bucket left with no
 *    events and no amount is deleted. A delta for a day at or behind its
 *    metric's retention horizon is ignored — it cannot reach any window.
 * 3. Changed buckets are emitted for the changelog (emptied ones as
 *    tombstones), then every figure of the touched series that changed.
 *
 * `correction` is true for daily figures when the contribution is late (its
 * day is before stream time) or revises an already counted event
 * (`eventCountDelta` other than +1); for survey figures when the value for
 * an already published survey year changed (the latest year stayed or went
 * back).
 */
export function applyContribution(state: AggregationState, contribution: Contribution): StepOutputs {
  const outputs = emptyOutputs();
  const day = dayNumberOf(contribution.day);
  if (state.streamDay === undefined || day > state.streamDay) advanceTo(state, day, outputs);
  const streamDay = state.streamDay!;
  const region = plainRegion(contribution.target);
  const touched = new Map<string, { group: FigureGroup; before: Figures }>();
  for (const [metric, delta] of Object.entries(contribution.deltas)) {
    if (day <= horizonDay(metricKindOf(metric), streamDay, state.options)) continue;
    const group = groupOfMetric(region.code, metric);
    const key = groupKey(group);
    if (!touched.has(key)) touched.set(key, { group, before: figuresOfGroup(state, group, streamDay) });
    const bucket = addToBucket(state, region, metric, day, delta, contribution.eventCountDelta);
    outputs.buckets.push(bucketRecord(region, metric, day, bucket, streamDay));
  }
  const late = day < streamDay || contribution.eventCountDelta !== 1;
  for (const { group, before } of touched.values()) {
    const after = figuresOfGroup(state, group, streamDay);
    const isCorrection = metricKindOf(group.baseMetric) === MetricKind.survey ? surveyCorrection : () => late;
    diffFigures(region, before, after, isCorrection, outputs.indicators);
  }
  return outputs;
}

function addToBucket(state: AggregationState, region: RegionRef, metric: string, day: DayNumber, delta: number, eventCountDelta: number) {
  const current = state.series.get(seriesKey(region.code, metric))?.buckets.get(day) ?? { value: 0, eventCount: 0 };
  const next = { value: current.value + delta, eventCount: current.eventCount + eventCountDelta };
  const bucket = isEmptyBucket(next) ? undefined : next;
  writeBucket(state, region, metric, day, bucket);
  return bucket;
}

function surveyCorrection(previous: Figure | undefined, next: Figure): boolean {
  return previous !== undefined && next.asOf <= previous.asOf;
}

function plainRegion(region: RegionRef): RegionRef {
  return { code: region.code, level: region.level };
}
