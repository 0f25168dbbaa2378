import { describe, expect, it } from 'vitest';
import { aggregatorBucketSchema, indicatorSeriesSchema, isVigiaError } from '@vigia/schemas';
import { abortTransaction, commitTransaction, startTransaction } from '../state/journal.ts';
import { createAggregationState } from '../state/aggregation-state.ts';
import { pageOf } from '../state/bucket-pages.ts';
import { stateStats } from '../state/state-size.ts';
import { incident, recorded, retracted, revised } from '../testing/fixtures.ts';
import type { IndicatorValue } from '@vigia/schemas';
import { applyChanges, emitted, tick } from '../testing/drive.ts';
import { currentValue, currentValues, dailySeries } from './query.ts';
import { restoreState } from './restore-state.ts';

const sorted = (values: IndicatorValue[]) => values.map((value) => JSON.stringify(value)).sort();
const clash = (eventId: string, day: string, ubigeo = '050201') => incident({ eventId, day, ubigeo });

describe('daily windows', () => {
  it('sums the trailing days ending on the watermark, the watermark day included', () => {
    // given incidents on 1, 5 (two) and 10 March in the VRAEM
    const state = createAggregationState();
    applyChanges(state, [clash('a', '2024-03-01'), clash('b', '2024-03-05'), clash('c', '2024-03-05'), clash('d', '2024-03-10')].map(recorded));
    // then the watermark is the latest event day and 7d covers 4–10 March
    expect(currentValue(state, 'zone:vraem', 'incidents.count', '7d')).toMatchObject({ asOf: '2024-03-10', value: 3, contributingEvents: 3 });
    expect(currentValue(state, 'zone:vraem', 'incidents.count', '30d')).toMatchObject({ value: 4, contributingEvents: 4 });
    expect(currentValue(state, 'PE', 'incidents.count', '365d')).toMatchObject({ value: 4, level: 'national' });
    expect(dailySeries(state, 'PE', 'incidents.count')).toEqual([
      { day: '2024-03-01', value: 1, eventCount: 1 },
      { day: '2024-03-05', value: 2, eventCount: 2 },
      { day: '2024-03-10', value: 1, eventCount: 1 },
    ]);
    expect(dailySeries(state, 'PE', 'incidents.count', { from: '2024-03-04', to: '2024-03-06', fillGaps: true })).toEqual([
      { day: '2024-03-04', value: 0, eventCount: 0 },
      { day: '2024-03-05', value: 2, eventCount: 2 },
      { day: '2024-03-06', value: 0, eventCount: 0 },
    ]);
  });

  it('publishes the first value with no previous value, then each change with the one before', () => {
    const state = createAggregationState();
    const first = applyChanges(state, [recorded(clash('a', '2024-03-01'))]);
    const second = applyChanges(state, [recorded(clash('b', '2024-03-01'))]);
    expect(emitted(first, 'zone:vraem', 'incidents.count', '7d').map((r) => r.value)).toEqual([
      expect.objectContaining({ value: 1, previousValue: null, correction: false, asOf: '2024-03-01', contributingEvents: 1 }),
    ]);
    expect(emitted(second, 'zone:vraem', 'incidents.count', '7d').map((r) => r.value)).toEqual([
      expect.objectContaining({ value: 2, previousValue: 1, correction: false }),
    ]);
    for (const record of [...first.indicators, ...second.indicators]) {
      expect(record.key).toBe(`${record.region.code}|${record.metric}`);
      expect(indicatorSeriesSchema.parse(record.value)).toEqual(record.value);
    }
    for (const record of first.buckets) expect(aggregatorBucketSchema.parse(record.value)).toEqual(record.value);
  });

  it('re-emits the windows a late event falls in as corrections, as of the watermark', () => {
    // given the watermark at 10 March
    const state = createAggregationState();
    applyChanges(state, [recorded(clash('a', '2024-03-10'))]);
    // when an event of 8 March arrives, and one of 1 February
    const lateInWeek = applyChanges(state, [recorded(clash('b', '2024-03-08'))]);
    const lateInQuarter = applyChanges(state, [recorded(clash('c', '2024-02-01'))]);
    // then the first corrects every window, the second only the 90 and 365 day ones
    expect(emitted(lateInWeek, 'PE', 'incidents.count', '7d')[0]?.value).toMatchObject({ value: 2, previousValue: 1, correction: true, asOf: '2024-03-10' });
    const windows = ['7d', '30d', '90d', '365d'].filter((window) => emitted(lateInQuarter, 'PE', 'incidents.count', window).length > 0);
    expect(windows).toEqual(['90d', '365d']);
    expect(lateInQuarter.indicators.every((record) => record.value?.correction === true)).toBe(true);
    expect(lateInQuarter.buckets.map((record) => record.key)).toContain('PE|incidents.count|2024-02-01');
  });

  it('marks a revision on the current day as a correction and nets it into the same bucket', () => {
    const state = createAggregationState();
    const first = incident({ day: '2024-03-10', civiliansKilled: 14, type: 'mass-killing' });
    applyChanges(state, [recorded(first)]);
    const outputs = applyChanges(state, [
      revised(first, { ...first, revision: 2, casualties: { ...first.casualties, civilians: { killed: 16, injured: 0 } } }),
    ]);
    expect(emitted(outputs, 'PE', 'fatalities.civilians', '7d')[0]?.value).toMatchObject({
      value: 16,
      previousValue: 14,
      correction: true,
      contributingEvents: 1,
    });
    expect(emitted(outputs, 'PE', 'incidents.count', '7d')).toEqual([]);
  });

  it('slides windows forward when the watermark moves and emits only what changed', () => {
    const state = createAggregationState();
    applyChanges(state, [recorded(clash('a', '2024-03-05')), recorded(clash('b', '2024-03-10'))]);
    // when the watermark moves to 11 March nothing leaves the 7d window (5–11 March)
    expect(emitted(tick(state, '2024-03-11'), 'PE', 'incidents.count', '7d')).toEqual([]);
    // and on 12 March the event of the 5th does
    const outputs = tick(state, '2024-03-12');
    expect(emitted(outputs, 'PE', 'incidents.count', '7d')[0]?.value).toMatchObject({ value: 1, previousValue: 2, correction: false, asOf: '2024-03-12' });
    expect(emitted(outputs, 'PE', 'incidents.count', '30d')).toEqual([]);
    expect(tick(state, '2024-03-01')).toEqual({ buckets: [], indicators: [] });
    expect(state.watermark).toBe(Date.UTC(2024, 2, 12) / 86_400_000);
  });

  it('tombstones the buckets and indicators of a series whose only event is retracted', () => {
    const state = createAggregationState();
    const event = clash('a', '2024-03-10', '050101');
    applyChanges(state, [recorded(event)]);
    const outputs = applyChanges(state, [retracted(event)]);
    expect(outputs.buckets.filter((r) => r.key === '050101|incidents.count|2024-03-10')).toEqual([expect.objectContaining({ value: null })]);
    expect(emitted(outputs, 'zone:huallaga', 'incidents.count', '7d')).toEqual([expect.objectContaining({ value: null })]);
    expect(currentValue(state, 'zone:huallaga', 'incidents.count', '7d')).toBeUndefined();
    expect(stateStats(state).bucketCount).toBe(0);
  });
});

describe('eviction', () => {
  it('evicts a daily bucket retention days after its day, as a changelog tombstone', () => {
    const state = createAggregationState({ dailyRetentionDays: 400 });
    applyChanges(state, [recorded(clash('a', '2024-01-01', '050101'))]);
    const bucketsBefore = stateStats(state).bucketCount;
    // 2025-02-03 is day 399 after: kept
    expect(tick(state, '2025-02-03').buckets).toEqual([]);
    // 2025-02-04 is day 400: every bucket goes, each as a tombstone, and the empty series' indicators too
    const outputs = tick(state, '2025-02-04');
    expect(outputs.buckets).toHaveLength(bucketsBefore);
    expect(outputs.buckets.every((record) => record.value === null)).toBe(true);
    expect(emitted(outputs, 'PE', 'incidents.count', '365d')).toEqual([expect.objectContaining({ value: null })]);
    expect(stateStats(state)).toMatchObject({ seriesCount: 0, bucketCount: 0, changelogBytes: 0 });
  });

  it('keeps ten years of daily buckets by default', () => {
    const state = createAggregationState();
    applyChanges(state, [recorded(clash('a', '2014-01-01', '050101'))]);
    expect(tick(state, '2023-12-31').buckets).toEqual([]);
    expect(tick(state, '2024-01-02').buckets.every((record) => record.value === null)).toBe(true);
  });

  it('ignores a contribution for a day already behind the horizon', () => {
    const state = createAggregationState({ dailyRetentionDays: 400 });
    applyChanges(state, [recorded(clash('a', '2025-06-01'))]);
    const outputs = applyChanges(state, [recorded(clash('old', '2024-01-01'))]);
    expect(outputs).toEqual({ buckets: [], indicators: [] });
  });
});

describe('transactions', () => {
  it('discards every change of an aborted batch, the watermark included', () => {
    const state = createAggregationState();
    applyChanges(state, [recorded(clash('a', '2024-03-01')), recorded(clash('b', '2024-03-02', '050101'))]);
    const before = { values: sorted(currentValues(state)), stats: stateStats(state), watermark: state.watermark };
    startTransaction(state);
    applyChanges(state, [recorded(clash('c', '2024-03-20', '120101')), retracted(clash('a', '2024-03-01'))]);
    tick(state, '2025-06-01');
    abortTransaction(state);
    expect({ values: sorted(currentValues(state)), stats: stateStats(state), watermark: state.watermark }).toEqual(before);
    const pagesOfDays = new Set(dailySeries(state, 'PE', 'incidents.count').map((p) => pageOf(Date.parse(p.day) / 86_400_000)));
    expect([...state.calendar.keys()].sort()).toEqual([...pagesOfDays].sort());
  });

  it('publishes again what an aborted batch published when the batch comes again', () => {
    const state = createAggregationState();
    applyChanges(state, [recorded(clash('a', '2024-03-01')), recorded(clash('b', '2024-03-10'))]);
    const batches = [() => tick(state, '2024-03-17'), () => applyChanges(state, [recorded(clash('c', '2024-03-04'))]), () => tick(state, '2024-04-05')];
    for (const batch of batches) {
      startTransaction(state);
      const aborted = batch();
      abortTransaction(state);
      startTransaction(state);
      expect(batch()).toEqual(aborted);
      commitTransaction(state);
      expect(aborted.indicators.length).toBeGreaterThan(0);
    }
  });

  it('keeps a committed batch and refuses a commit without a transaction', () => {
    const state = createAggregationState();
    startTransaction(state);
    applyChanges(state, [recorded(clash('a', '2024-03-01'))]);
    commitTransaction(state);
    expect(currentValue(state, 'PE', 'incidents.count', '7d')?.value).toBe(1);
    let thrown: unknown;
    try {
      abortTransaction(state);
    } catch (error) {
      thrown = error;
    }
    expect(isVigiaError(thrown, 'VIGIA_INDICATORS_TRANSACTION_INVALID')).toBe(true);
  });
});

describe('restore', () => {
  it('rebuilds from the compacted changelog a state that answers and continues the same', () => {
    const live = createAggregationState();
    const outputs = applyChanges(live, [recorded(clash('a', '2024-03-01')), recorded(clash('b', '2024-03-09', '050101')), retracted(clash('a', '2024-03-01'))]);
    const compacted = new Map<string, unknown>(outputs.buckets.map((record) => [record.key, record.value]));
    compacted.set('watermark', { type: 'watermark.advanced', day: outputs.watermark });
    const { state, buckets } = restoreState(
      [...compacted.values()].filter((value) => value !== null) as Parameters<typeof restoreState>[0] extends Iterable<infer V> ? V[] : never,
    );
    expect(buckets).toEqual([]);
    expect(sorted(currentValues(state))).toEqual(sorted(currentValues(live)));
    const next = recorded(clash('c', '2024-03-12', '120101'));
    expect(applyChanges(state, [next])).toEqual(applyChanges(live, [next]));
  });

  it('tombstones restored buckets that are already behind the horizon', () => {
    const old = { type: 'bucket.updated' as const, region: { code: 'PE', level: 'national' as const }, metric: 'incidents.count', value: 1, eventCount: 1 };
    const { state, buckets } = restoreState(
      [
        { ...old, day: '2023-01-01', streamTime: '2023-01-01' },
        { ...old, day: '2024-06-01', streamTime: '2024-06-01' },
        { type: 'watermark.advanced', day: '2024-06-01' },
      ],
      { dailyRetentionDays: 400 },
    );
    expect(buckets.map((record) => [record.key, record.value])).toEqual([['PE|incidents.count|2023-01-01', null]]);
    expect(stateStats(state).bucketCount).toBe(1);
  });
});
