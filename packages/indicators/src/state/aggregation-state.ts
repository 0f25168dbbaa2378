import type { RegionRef } from '@vigia/schemas';
import type { Figure } from '../figures/figure.ts';
import { IndicatorsError } from '../indicators-errors.ts';
import { metricKindOf, type MetricKind } from '../metrics/metric-catalogue.ts';
import type { DayNumber } from '../time/days.ts';
import { compileRetention, type Retention, type RetentionOptions } from '../time/retention.ts';
import { addToIndex, removeFromIndex, setEntry, type Transactional } from './journal.ts';

/**
 * The aggregator's state for the regions of one partition: one daily bucket
 * per (region, metric, day), one survey bucket per (region, metric, source,
 * year) — exactly what `vigia.aggregator.changelog.v1` holds — plus the
 * watermark. Everything published is computed from these buckets, so
 * restoring the buckets and the watermark restores the behaviour.
 *
 * The state is mutated in place by `applyBatch` and
 * `advanceWatermark`; wrap a batch in `startTransaction` /
 * `commitTransaction` / `abortTransaction` (see `journal.ts`) to be able to
 * discard it when the Kafka transaction aborts.
 */
export interface AggregationState extends Transactional {
  readonly options: AggregationSettings;
  /**
   * The day daily figures are "as of": the latest daily event day the fan-out
   * has read, from the watermark records every partition receives (so every
   * partition has the same one). `undefined` before the first. Surveys never
   * move it, and it never moves back.
   */
  watermark: DayNumber | undefined;
  /** Series by `region|metric` (survey series: `region|metric|source`). A series exists while it has at least one bucket. */
  readonly series: Map<string, Series>;
  /** Bucket day → keys of the series with a bucket that day: finds what slides out or expires without a scan. */
  readonly calendar: Map<DayNumber, Set<string>>;
  /**
   * The figures last published per group (`groupKey`): what subscribers hold.
   * A batch diffs against them, so every record's `previousValue` is the value
   * the subscriber last saw, even for a derived figure that went stale while
   * its series was untouched.
   */
  readonly published: Map<string, ReadonlyMap<string, Figure>>;
}

export interface Series {
  readonly key: string;
  readonly region: RegionRef;
  readonly metric: string;
  /** Survey series: the source that published them (`devida`); `undefined` for daily series. */
  readonly source: string | undefined;
  readonly kind: MetricKind;
  readonly buckets: Map<DayNumber, Bucket>;
}

export interface Bucket {
  readonly value: number;
  readonly eventCount: number;
}

export interface BaselineOptions {
  /** Weight of the newest past window in the EWMA baseline, in (0, 1]. Default 0.3. */
  readonly ewmaAlpha?: number;
  /** Past windows needed before a baseline and z-score are published. Default 8. */
  readonly ewmaMinPeriods?: number;
}

export interface AggregationOptions extends RetentionOptions, BaselineOptions {}

export interface AggregationSettings extends Retention {
  readonly ewmaAlpha: number;
  readonly ewmaMinPeriods: number;
}

/**
 * A bucket whose events all left and whose amount is below this is deleted
 * (and tombstoned): sums of kilograms are not exact in binary floating point,
 * and a millionth of any unit we count is noise.
 */
export const emptyBucketEpsilon = 1e-6;

/** Applies defaults and checks ranges once; the result is frozen. */
export function compileAggregationOptions(options: AggregationOptions = {}): AggregationSettings {
  const ewmaAlpha = options.ewmaAlpha ?? 0.3;
  const ewmaMinPeriods = options.ewmaMinPeriods ?? 8;
  if (!(ewmaAlpha > 0 && ewmaAlpha <= 1)) {
    throw new IndicatorsError('VIGIA_INDICATORS_OPTIONS_INVALID', 'ewmaAlpha must be in (0, 1]', {
      context: { option: 'ewmaAlpha', value: ewmaAlpha },
    });
  }
  if (!Number.isInteger(ewmaMinPeriods) || ewmaMinPeriods < 2) {
    throw new IndicatorsError('VIGIA_INDICATORS_OPTIONS_INVALID', 'ewmaMinPeriods must be an integer of at least 2 (a variance needs two)', {
      context: { option: 'ewmaMinPeriods', value: ewmaMinPeriods },
    });
  }
  return Object.freeze({ ...compileRetention(options), ewmaAlpha, ewmaMinPeriods });
}

export function createAggregationState(options: AggregationOptions = {}): AggregationState {
  return {
    options: compileAggregationOptions(options),
    watermark: undefined,
    series: new Map(),
    calendar: new Map(),
    published: new Map(),
    journal: undefined,
  };
}

/** `region|metric` (survey series: `region|metric|source`), the in-memory key of a series. */
export function seriesKey(regionCode: string, metric: string, source?: string): string {
  return source === undefined ? `${regionCode}|${metric}` : `${regionCode}|${metric}|${source}`;
}

/** Whether a bucket carries nothing any more (see `emptyBucketEpsilon`). */
export function isEmptyBucket(bucket: Bucket): boolean {
  return bucket.eventCount === 0 && Math.abs(bucket.value) < emptyBucketEpsilon;
}

/**
 * Sets (or, with `undefined`, deletes) one bucket, keeping the series map and
 * the calendar consistent and every step undoable. A series is created with
 * its first bucket and dropped with its last.
 */
export function writeBucket(
  state: AggregationState,
  region: RegionRef,
  metric: string,
  source: string | undefined,
  day: DayNumber,
  bucket: Bucket | undefined,
): void {
  const key = seriesKey(region.code, metric, source);
  let series = state.series.get(key);
  if (series === undefined) {
    if (bucket === undefined) return;
    series = { key, region: { code: region.code, level: region.level }, metric, source, kind: metricKindOf(metric), buckets: new Map() };
    setEntry(state, state.series, key, series);
  }
  setEntry(state, series.buckets, day, bucket);
  if (bucket === undefined) removeFromIndex(state, state.calendar, day, key);
  else addToIndex(state, state.calendar, day, key);
  if (series.buckets.size === 0) setEntry(state, state.series, key, undefined);
}
