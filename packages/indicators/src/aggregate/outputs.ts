import {
  bucketKey,
  indicatorSeriesKey,
  type AggregatorBucket,
  type IndicatorSeries,
  type IndicatorValue,
  type RegionRef,
  type SeriesFigure,
} from '@vigia/schemas';
import type { Figure } from '../figures/figure.ts';
import type { Bucket } from '../state/aggregation-state.ts';
import { isoDayOf, type DayNumber } from '../time/days.ts';

/**
 * A record for `vigia.aggregator.changelog.v1`: the bucket's new value, or
 * `null` — a tombstone — when it was emptied or evicted. `key` is the record key.
 */
export interface BucketRecord {
  readonly key: string;
  readonly region: RegionRef;
  readonly metric: string;
  readonly source: string | undefined;
  readonly day: string;
  readonly value: AggregatorBucket | null;
}

/**
 * A record for `vigia.indicators.v2`: every figure of a series as it stands
 * (a daily series, or one survey year of one source), or `null` — a
 * tombstone — when it no longer has any. `key` is the record key.
 */
export interface IndicatorRecord {
  readonly key: string;
  readonly region: RegionRef;
  readonly metric: string;
  readonly value: IndicatorSeries | null;
}

/** What one step produced, in the order to produce it. */
export interface StepOutputs {
  readonly buckets: BucketRecord[];
  readonly indicators: IndicatorRecord[];
  /** The watermark to write to the changelog when it advanced in this step (a watermark moves without writing a bucket). */
  watermark?: string;
}

export function emptyOutputs(): StepOutputs {
  return { buckets: [], indicators: [] };
}

export function bucketRecord(
  region: RegionRef,
  metric: string,
  source: string | undefined,
  day: DayNumber,
  bucket: Bucket | undefined,
  watermark: DayNumber | undefined,
): BucketRecord {
  return bucket === undefined
    ? bucketTombstone(region, metric, source, day)
    : bucketValueRecord(region, metric, source, day, bucket.value, bucket.eventCount, watermark);
}

/** `bucketRecord` of a bucket that holds `value` and `eventCount`, without a bucket object. */
export function bucketValueRecord(
  region: RegionRef,
  metric: string,
  source: string | undefined,
  day: DayNumber,
  value: number,
  eventCount: number,
  watermark: DayNumber | undefined,
): BucketRecord {
  const isoDay = isoDayOf(day);
  const key = bucketKey({ region: region.code, metric, day: isoDay, source });
  // Before the first watermark a (survey) bucket records its own day: the field is a restore hint, not a fact.
  const streamTime = isoDayOf(watermark ?? day);
  // Two literals rather than a spread of the optional source: this runs once per bucket written.
  const bucket: AggregatorBucket =
    source === undefined
      ? { type: 'bucket.updated', region, metric, day: isoDay, value, eventCount, streamTime }
      : { type: 'bucket.updated', region, metric, day: isoDay, value, eventCount, streamTime, source };
  return { key, region, metric, source, day: isoDay, value: bucket };
}

/** `bucketRecord` of a bucket that was emptied or evicted. */
export function bucketTombstone(region: RegionRef, metric: string, source: string | undefined, day: DayNumber): BucketRecord {
  const isoDay = isoDayOf(day);
  return { key: bucketKey({ region: region.code, metric, day: isoDay, source }), region, metric, source, day: isoDay, value: null };
}

/** A published figure of a series, with `previousValue` when it changed. */
export function seriesFigureOf(figure: Figure, previousValue: number | null | undefined): SeriesFigure {
  const published: SeriesFigure = { metric: figure.metric, window: figure.window, value: figure.value, contributingEvents: figure.contributingEvents };
  return previousValue === undefined ? published : { ...published, previousValue };
}

/** An `indicators.updated` record of `figures`, all as of `asOf`. */
export function seriesRecord(
  region: RegionRef,
  metric: string,
  asOf: DayNumber,
  correction: boolean,
  figures: SeriesFigure[],
  survey?: { readonly source: string; readonly year: number },
): IndicatorRecord {
  const key = indicatorSeriesKey({ region: region.code, metric, source: survey?.source, year: survey?.year });
  const day = isoDayOf(asOf);
  // Two literals rather than a spread of the survey's identity: this runs once per series record.
  const value: IndicatorSeries =
    survey === undefined
      ? { type: 'indicators.updated', region: region.code, level: region.level, metric, asOf: day, correction, figures }
      : {
          type: 'indicators.updated',
          region: region.code,
          level: region.level,
          metric,
          asOf: day,
          correction,
          source: survey.source,
          year: survey.year,
          figures,
        };
  return { key, region, metric, value };
}

/** The tombstone of a series (or survey year) that no longer has figures. */
export function seriesTombstone(region: RegionRef, metric: string, survey?: { readonly source: string; readonly year: number }): IndicatorRecord {
  return { key: indicatorSeriesKey({ region: region.code, metric, source: survey?.source, year: survey?.year }), region, metric, value: null };
}

/** A figure as an indicator value, for queries (`previousValue: null`, no correction). */
export function indicatorValueOf(region: RegionRef, figure: Figure, previousValue: number | null, correction: boolean): IndicatorValue {
  return {
    type: 'indicator.updated',
    region: region.code,
    level: region.level,
    metric: figure.metric,
    window: figure.window,
    asOf: isoDayOf(figure.asOf),
    value: figure.value,
    previousValue,
    correction,
    contributingEvents: figure.contributingEvents,
    ...(figure.source === undefined || figure.year === undefined ? {} : { source: figure.source, year: figure.year }),
  };
}
