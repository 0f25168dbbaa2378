import { bucketKey, type AggregatorBucket } from '@vigia/schemas';
import { isoDayOf } from '../time/days.ts';
import type { AggregationState } from './aggregation-state.ts';

/** How big a state is, for benchmarks and the bounded-state tests. */
export interface StateStats {
  /** (region, metric) pairs with at least one bucket. */
  readonly seriesCount: number;
  readonly bucketCount: number;
  /** The most buckets any one series holds; bounded by the retention. */
  readonly maxBucketsPerSeries: number;
  /** Bytes of the changelog records that hold the state: UTF-8 key plus JSON value of every bucket. */
  readonly changelogBytes: number;
}

/**
 * Measures a state. Bytes are those of the compacted changelog — what a
 * restore reads and a broker stores — rather than of the in-memory maps,
 * whose size depends on the engine; as a rule of thumb V8 needs a few times
 * more. Every key and value is ASCII (codes, metric ids, dates, numbers), so
 * string length is byte length.
 */
export function stateStats(state: AggregationState): StateStats {
  let bucketCount = 0;
  let maxBucketsPerSeries = 0;
  let changelogBytes = 0;
  const streamTime = state.watermark === undefined ? '' : isoDayOf(state.watermark);
  for (const series of state.series.values()) {
    bucketCount += series.buckets.size;
    maxBucketsPerSeries = Math.max(maxBucketsPerSeries, series.buckets.size);
    series.buckets.forEach((bucketValue, eventCount, day) => {
      const isoDay = isoDayOf(day);
      const value: AggregatorBucket = {
        type: 'bucket.updated',
        region: series.region,
        metric: series.metric,
        day: isoDay,
        value: bucketValue,
        eventCount,
        streamTime,
        ...(series.source === undefined ? {} : { source: series.source }),
      };
      changelogBytes +=
        bucketKey({ region: series.region.code, metric: series.metric, day: isoDay, source: series.source }).length + JSON.stringify(value).length;
    });
  }
  return { seriesCount: state.series.size, bucketCount, maxBucketsPerSeries, changelogBytes };
}

/** The changelog bytes of the whole state (see `stateStats`). */
export function stateSizeBytes(state: AggregationState): number {
  return stateStats(state).changelogBytes;
}
