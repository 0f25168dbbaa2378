import type { RegionRef } from '@vigia/schemas';
import type { PublishedFigures } from '../figures/figure-slots.ts';
import { IndicatorsError } from '../indicators-errors.ts';
import { metricKindOf, type MetricKind } from '../metrics/metric-catalogue.ts';
import type { DayNumber } from '../time/days.ts';
import { compileRetention, type Retention, type RetentionOptions } from '../time/retention.ts';
import { BucketPages, bucketSlot, createPagePool, pageOf } from './bucket-pages.ts';
import type { PagePool } from './page-pool.ts';
import { addToIndex, recordUndo, removeFromIndex, setEntry, type Transactional } from './journal.ts';
import { addToPeriodSums, lookbackDays, type PeriodSums } from './period-sums.ts';

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
  /** Bucket page (see `pageOf`) → the series with a bucket on that page: finds what slides out or expires without a scan. */
  readonly calendar: Map<number, Set<Series>>;
  /**
   * The figures last published per group (`groupKey`): what subscribers hold.
   * A batch diffs against them, so every record's `previousValue` is the value
   * the subscriber last saw, even for a derived figure that went stale while
   * its series was untouched.
   */
  readonly published: Map<string, PublishedFigures>;
  /** Where the series' bucket pages come from; a state dropped takes its pages' slabs with it. */
  readonly pagePool: PagePool;
}

export interface Series {
  readonly key: string;
  readonly region: RegionRef;
  readonly metric: string;
  /** Survey series: the source that published them (`devida`); `undefined` for daily series. */
  readonly source: string | undefined;
  readonly kind: MetricKind;
  readonly buckets: BucketPages;
  /** A daily series' running period sums, once its figures were computed (see `PeriodSums`); derived from the buckets, so never journaled. */
  periodSums: PeriodSums | undefined;
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
    pagePool: createPagePool(),
    journal: undefined,
  };
}

/**
 * Daily series keys built so far, by region code and metric: every delta
 * looks its series up by key, and a key built afresh is a new string that must
 * be flattened and hashed, and compared character by character with the one
 * in the map; the same string object is hashed once and compared by identity.
 * Bounded by the regions and metrics a partition sees; emptied past
 * `maxInternedKeys` should a stream invent ids.
 */
const dailyKeys = new Map<string, Map<string, string>>();
let internedKeys = 0;
const maxInternedKeys = 1_000_000;

/** `region|metric` (survey series: `region|metric|source`), the in-memory key of a series. */
export function seriesKey(regionCode: string, metric: string, source?: string): string {
  if (source !== undefined) return `${regionCode}|${metric}|${source}`;
  let byMetric = dailyKeys.get(regionCode);
  if (byMetric === undefined) {
    if (internedKeys >= maxInternedKeys) {
      dailyKeys.clear();
      internedKeys = 0;
    }
    byMetric = new Map();
    dailyKeys.set(regionCode, byMetric);
  }
  let key = byMetric.get(metric);
  if (key === undefined) {
    key = `${regionCode}|${metric}`;
    byMetric.set(metric, key);
    internedKeys += 1;
  }
  return key;
}

/** Whether a bucket carries nothing any more (see `emptyBucketEpsilon`). */
export function isEmptyBucket(bucket: Bucket): boolean {
  return bucket.eventCount === 0 && Math.abs(bucket.value) < emptyBucketEpsilon;
}

/**
 * Sets (or, with `undefined`, deletes) one bucket, keeping the series map and
 * the calendar consistent and every step undoable. A series is created with
 * its first bucket and dropped with its last. Returns the series written to
 * (still the one that held the bucket when its last bucket just went), or
 * `undefined` when there was nothing to delete.
 */
export function writeBucket(
  state: AggregationState,
  region: RegionRef,
  metric: string,
  source: string | undefined,
  day: DayNumber,
  bucket: Bucket | undefined,
): Series | undefined {
  const key = seriesKey(region.code, metric, source);
  const series = state.series.get(key) ?? (bucket === undefined ? undefined : createSeries(state, key, region, metric, source));
  if (series === undefined) return undefined;
  const before = series.buckets;
  writeSeriesBucket(state, series, day, bucket?.value ?? 0, bucket?.eventCount ?? 0, before.valueAt(day), before.eventCountAt(day));
  if (series.buckets.size === 0) setEntry(state, state.series, key, undefined);
  return series;
}

/**
 * Adds a delta to one bucket (the series `key` of `region`, `metric` and
 * `source`) — `writeBucket` of the sum, without a bucket object per call: this
 * is what every contribution does. A bucket left with no events and no amount
 * is deleted.
 */
export function addToBucket(
  state: AggregationState,
  key: string,
  region: RegionRef,
  metric: string,
  source: string | undefined,
  day: DayNumber,
  valueDelta: number,
  eventCountDelta: number,
): Series {
  const series = state.series.get(key) ?? createSeries(state, key, region, metric, source);
  // One page lookup for both halves of the bucket: this runs for every delta of every contribution.
  const page = series.buckets.pages.get(pageOf(day));
  const slot = bucketSlot(day);
  const valueBefore = page === undefined ? 0 : page[slot]!;
  const eventCountBefore = page === undefined ? 0 : page[slot + 1]!;
  const value = valueBefore + valueDelta;
  const eventCount = eventCountBefore + eventCountDelta;
  const empty = eventCount === 0 && Math.abs(value) < emptyBucketEpsilon;
  writeSeriesBucket(state, series, day, empty ? 0 : value, empty ? 0 : eventCount, valueBefore, eventCountBefore);
  if (series.buckets.size === 0) setEntry(state, state.series, key, undefined);
  return series;
}

function createSeries(state: AggregationState, key: string, region: RegionRef, metric: string, source: string | undefined): Series {
  const series: Series = {
    key,
    region: { code: region.code, level: region.level },
    metric,
    source,
    kind: metricKindOf(metric),
    buckets: new BucketPages(state.pagePool),
    periodSums: undefined,
  };
  setEntry(state, state.series, key, series);
  return series;
}

/** Writes one bucket that holds `valueBefore` and `eventCountBefore`. */
function writeSeriesBucket(
  state: AggregationState,
  series: Series,
  day: DayNumber,
  value: number,
  eventCount: number,
  valueBefore: number,
  eventCountBefore: number,
): void {
  const sums = series.periodSums;
  // The undo is a write too, so it also takes its difference back out of the period sums.
  if (state.journal !== undefined) recordUndo(state, () => writeSeriesBucket(state, series, day, valueBefore, eventCountBefore, value, eventCount));
  const firstDayMoves = series.buckets.firstDayMoves;
  const pageChange = series.buckets.set(day, value, eventCount);
  if (sums !== undefined && series.buckets.firstDayMoves !== firstDayMoves) sums.settled = false;
  if (sums !== undefined && !series.buckets.addsExactly) series.periodSums = undefined;
  else if (sums !== undefined) addToPeriodSums(sums, day, value - valueBefore, eventCount - eventCountBefore, lookbackDays(state.options.dailyRetentionDays));
  // Undo replays run with the journal closed, so these index updates are recorded only on the way forward.
  if (pageChange === 1) addToIndex(state, state.calendar, pageOf(day), series);
  else if (pageChange === -1) removeFromIndex(state, state.calendar, pageOf(day), series);
}
