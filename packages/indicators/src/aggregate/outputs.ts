import {
  bucketKey,
  indicatorKey,
  type AggregatorBucket,
  type IndicatorValue,
  type IndicatorWindow,
  type RegionRef,
} from '@vigia/schemas';
import type { Figure, Figures } from '../figures/figure.ts';
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
 * A record for `vigia.indicators.v1`: the indicator's new value, or `null` — a
 * tombstone — when it stopped existing (its series lost its last bucket, a
 * survey growth lost its previous year). `key` is the record key.
 */
export interface IndicatorRecord {
  readonly key: string;
  readonly region: RegionRef;
  readonly metric: string;
  readonly window: IndicatorWindow;
  readonly value: IndicatorValue | null;
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
  const isoDay = isoDayOf(day);
  const key = bucketKey({ region: region.code, metric, day: isoDay, source });
  const value: AggregatorBucket | null =
    bucket === undefined
      ? null
      : {
          type: 'bucket.updated',
          region,
          metric,
          day: isoDay,
          value: bucket.value,
          eventCount: bucket.eventCount,
          // Before the first watermark a (survey) bucket records its own day: the field is a restore hint, not a fact.
          streamTime: isoDayOf(watermark ?? day),
          ...(source === undefined ? {} : { source }),
        };
  return { key, region, metric, source, day: isoDay, value };
}

/**
 * The indicator records that turn `before` (what subscribers hold) into
 * `after`: a value for every figure that appeared or whose value or event
 * count changed (its `previousValue` is the figure before, `null` if there
 * was none), and a tombstone for every figure that disappeared. Figures equal
 * in value and count are not re-emitted even when their `asOf` moved, so the
 * returned map — what subscribers hold now — keeps the earlier figure for them.
 */
export function diffFigures(
  region: RegionRef,
  before: Figures,
  after: Figures,
  isCorrection: (previous: Figure | undefined, next: Figure) => boolean,
  into: IndicatorRecord[],
): Figures {
  const held = new Map<string, Figure>();
  for (const [key, next] of after) {
    const previous = before.get(key);
    if (previous !== undefined && previous.value === next.value && previous.contributingEvents === next.contributingEvents) {
      held.set(key, previous);
      continue;
    }
    held.set(key, next);
    into.push({
      key: indicatorKey({ region: region.code, metric: next.metric, window: next.window, source: next.source, year: next.year }),
      region,
      metric: next.metric,
      window: next.window,
      value: indicatorValueOf(region, next, previous?.value ?? null, isCorrection(previous, next)),
    });
  }
  for (const [key, previous] of before) {
    if (after.has(key)) continue;
    into.push({
      key: indicatorKey({ region: region.code, metric: previous.metric, window: previous.window, source: previous.source, year: previous.year }),
      region,
      metric: previous.metric,
      window: previous.window,
      value: null,
    });
  }
  return held;
}

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
