import type { AggregatorBucket } from '@vigia/schemas';
import { metricKindOf } from '../metrics/metric-catalogue.ts';
import { createAggregationState, isEmptyBucket, writeBucket, type AggregationOptions, type AggregationState } from '../state/aggregation-state.ts';
import { dayNumberOf, type DayNumber } from '../time/days.ts';
import { horizonDay } from '../time/retention.ts';
import { bucketRecord, type BucketRecord } from './outputs.ts';

export interface RestoreOptions extends AggregationOptions {
  /**
   * The stream day the partition had reached, when the shell knows it (e.g.
   * the latest `asOf` it published). Stream time advanced by ticks alone
   * writes no bucket, so the changelog can lag behind it; the restored stream
   * day is the max of this, every bucket's `streamTime` and every bucket's day.
   */
  readonly streamDay?: string;
}

export interface RestoredState {
  readonly state: AggregationState;
  /** Tombstones for buckets found behind the retention horizon (a lost eviction); produce them to the changelog. */
  readonly buckets: BucketRecord[];
}

/**
 * Rebuilds a partition's state from its compacted changelog: the live value
 * of every key, in any order (a later record for the same key replaces an
 * earlier one; the shell drops keys whose latest record is a tombstone).
 * Nothing is published: the restored state computes the same figures the
 * lost one had published.
 */
export function restoreState(buckets: Iterable<AggregatorBucket>, options: RestoreOptions = {}): RestoredState {
  const latest = new Map<string, AggregatorBucket>();
  let streamDay: DayNumber | undefined = options.streamDay === undefined ? undefined : dayNumberOf(options.streamDay);
  for (const bucket of buckets) {
    latest.set(`${bucket.region.code}|${bucket.metric}|${bucket.day}`, bucket);
    const seen = Math.max(dayNumberOf(bucket.streamTime), dayNumberOf(bucket.day));
    streamDay = streamDay === undefined ? seen : Math.max(streamDay, seen);
  }
  const state = createAggregationState(options);
  state.streamDay = streamDay;
  const stale: BucketRecord[] = [];
  for (const bucket of latest.values()) {
    const region = { code: bucket.region.code, level: bucket.region.level };
    const day = dayNumberOf(bucket.day);
    const value = { value: bucket.value, eventCount: bucket.eventCount };
    if (day <= horizonDay(metricKindOf(bucket.metric), streamDay!, state.options)) {
      stale.push(bucketRecord(region, bucket.metric, day, undefined, streamDay!));
    } else if (!isEmptyBucket(value)) {
      writeBucket(state, region, bucket.metric, day, value);
    }
  }
  return { state, buckets: stale };
}
