import type { ChangelogValue } from '@vigia/schemas';
import { figuresOfGroup, groupKey, groupOfMetric } from '../figures/figure-groups.ts';
import { MetricKind, metricKindOf } from '../metrics/metric-catalogue.ts';
import { createAggregationState, isEmptyBucket, writeBucket, type AggregationOptions, type AggregationState } from '../state/aggregation-state.ts';
import { dayNumberOf, type DayNumber } from '../time/days.ts';
import { horizonDay } from '../time/retention.ts';
import { unattributedSource } from './apply-batch.ts';
import { bucketRecord, type BucketRecord } from './outputs.ts';

export type RestoreOptions = AggregationOptions;

export interface RestoredState {
  readonly state: AggregationState;
  /** Tombstones for buckets found behind the retention horizon (a lost eviction); produce them to the changelog. */
  readonly buckets: BucketRecord[];
}

/**
 * Rebuilds a partition's state from its compacted changelog: the live value
 * of every key — buckets and the partition's watermark record — in any order
 * (a later record for the same key replaces an earlier one; the shell drops
 * keys whose latest record is a tombstone). The watermark is the latest
 * watermark record (buckets' `streamTime` only fill in for a changelog
 * written before watermark records existed). Nothing is published: the
 * restored state computes the same figures the lost one had published.
 */
export function restoreState(values: Iterable<ChangelogValue>, options: RestoreOptions = {}): RestoredState {
  const latest = new Map<string, ChangelogValue & { type: 'bucket.updated' }>();
  let watermark: DayNumber | undefined;
  let bucketTime: DayNumber | undefined;
  for (const value of values) {
    if (value.type === 'watermark.advanced') {
      watermark = max(watermark, dayNumberOf(value.day));
      continue;
    }
    latest.set(`${value.region.code}|${value.metric}|${value.day}|${value.source ?? ''}`, value);
    if (metricKindOf(value.metric) === MetricKind.daily) bucketTime = max(bucketTime, dayNumberOf(value.streamTime));
  }
  const state = createAggregationState(options);
  state.watermark = watermark ?? bucketTime;
  const stale: BucketRecord[] = [];
  for (const bucket of latest.values()) {
    const region = { code: bucket.region.code, level: bucket.region.level };
    const day = dayNumberOf(bucket.day);
    const kind = metricKindOf(bucket.metric);
    const source = kind === MetricKind.survey ? (bucket.source ?? unattributedSource) : undefined;
    const value = { value: bucket.value, eventCount: bucket.eventCount };
    if (state.watermark !== undefined && day <= horizonDay(kind, state.watermark, state.options)) {
      stale.push(bucketRecord(region, bucket.metric, bucket.source, day, undefined, state.watermark));
    } else if (!isEmptyBucket(value)) {
      writeBucket(state, region, bucket.metric, source, day, value);
    }
  }
  // What subscribers hold is taken to be the figures as of the restored watermark: derived figures that had gone
  // stale before the crash may see one record whose previousValue is the fresh figure rather than the stale one.
  for (const series of state.series.values()) {
    const group = groupOfMetric(series.region.code, series.metric, series.source);
    const key = groupKey(group);
    if (state.published.has(key)) continue;
    const figures = figuresOfGroup(state, group, state.watermark);
    if (figures.size > 0) state.published.set(key, figures);
  }
  return { state, buckets: stale };
}

function max(current: DayNumber | undefined, day: DayNumber): DayNumber {
  return current === undefined ? day : Math.max(current, day);
}
