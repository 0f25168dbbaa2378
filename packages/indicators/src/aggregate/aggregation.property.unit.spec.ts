import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregatorBucketSchema,
  indicatorSeriesKey,
  indicatorSeriesSchema,
  indicatorValuesOf,
  type CanonicalEvent,
  type EventChange,
  type IndicatorSeries,
  type IndicatorValue,
} from '@vigia/schemas';
import { createChangeLedger, fanOut, type ChangeLedger } from '../fan-out/change-ledger.ts';
import { watermarkDayOf } from '../fan-out/contributions.ts';
import { currentValues } from './query.ts';
import { createAggregationState, type AggregationState } from '../state/aggregation-state.ts';
import { stateStats } from '../state/state-size.ts';
import { dayNumberOf, isoDayOf, type DayNumber } from '../time/days.ts';
import type { RetentionOptions } from '../time/retention.ts';
import { arrivalsArb, historiesArb, scenarioShareRegions, surveyTableArb, survivorsOf } from '../testing/arbitraries.ts';
import { referenceFigures, type ReferenceFigure } from '../testing/brute-force.ts';
import { recorded, testTargetRegions } from '../testing/fixtures.ts';
import { advanceWatermark, applyBatch, type AggregateInput } from './apply-batch.ts';
import type { StepOutputs } from './outputs.ts';
import { restoreState } from './restore-state.ts';

/**
 * The aggregation as the aggregator runs it — changes read from event
 * partitions in batches by fan-out tasks (one ledger each) that broadcast
 * their watermark, contributions routed to region partitions and applied
 * there in batches — against a from-scratch recomputation. What is checked is
 * what the pipeline publishes: the last record of every key, per batch one
 * record per key, valid on the wire. It must not depend on arrival order,
 * duplicates, batch size (1 to 500), or the number of partitions (1 or 12).
 */

const shareRegions = scenarioShareRegions;
// Each run drives a small pipeline end to end; these counts keep the file near a second on an idle core.
const numRuns = 60;

interface Layout {
  readonly partitions: number;
  readonly batchSize: number;
  /** Seed of the order in which the broker serves partitions. */
  readonly serveSeed: number;
}

interface Run {
  readonly states: AggregationState[];
  readonly batches: StepOutputs[];
}

function partitionOf(key: string, partitions: number): number {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
  return hash % partitions;
}

/** Splits a queue into batches of `size` and serves the partitions' batches interleaved in a seeded order. */
function* served<T>(queues: readonly T[][], size: number, seed: number): Generator<{ partition: number; batch: T[] }> {
  const cursors = queues.map(() => 0);
  let random = seed >>> 0 || 1;
  for (;;) {
    const ready = cursors.flatMap((cursor, partition) => (cursor < queues[partition]!.length ? [partition] : []));
    if (ready.length === 0) return;
    random = (random * 1_103_515_245 + 12_345) >>> 0;
    const partition = ready[random % ready.length]!;
    const start = cursors[partition]!;
    cursors[partition] = start + size;
    yield { partition, batch: queues[partition]!.slice(start, start + size) };
  }
}

// 400 days over scenarios that span 800: eviction happens, and the reference stays cheap to recompute.
const testRetention = { dailyRetentionDays: 400 };

function run(arrivals: readonly EventChange[], layout: Layout, retention: RetentionOptions = testRetention): Run {
  const { partitions, batchSize, serveSeed } = layout;
  const eventQueues = Array.from({ length: partitions }, (): EventChange[] => []);
  for (const change of arrivals) eventQueues[partitionOf(eventIdOf(change), partitions)]!.push(change);
  // The ledger keeps entries longer than the scenarios span: its own eviction has unit tests.
  const ledgers: ChangeLedger[] = eventQueues.map(() => createChangeLedger({ dailyRetentionDays: 5_000, surveyRetentionYears: 50 }));
  const regionQueues = Array.from({ length: partitions }, (): AggregateInput[] => []);
  for (const { partition, batch } of served(eventQueues, batchSize, serveSeed)) {
    let watermark: string | undefined;
    for (const change of batch) {
      for (const contribution of fanOut(ledgers[partition]!, change, testTargetRegions, { shareRegions })) {
        regionQueues[partitionOf(contribution.target.code, partitions)]!.push(contribution);
      }
      const day = watermarkDayOf(change);
      if (day !== undefined && (watermark === undefined || day > watermark)) watermark = day;
    }
    if (watermark !== undefined) for (const queue of regionQueues) queue.push({ type: 'watermark.advanced', day: watermark });
  }
  const states = regionQueues.map(() => createAggregationState(retention));
  const batches: StepOutputs[] = [];
  for (const { partition, batch } of served(regionQueues, batchSize, serveSeed + 1)) batches.push(applyBatch(states[partition]!, batch));
  return { states, batches };
}

function eventIdOf(change: EventChange): string {
  return change.type === 'event.recorded' ? change.event.eventId : change.type === 'event.revised' ? change.current.eventId : change.previous.eventId;
}

const keyOf = (value: IndicatorValue) =>
  value.source === undefined ? `${value.region}|${value.metric}|${value.window}` : `${value.region}|${value.metric}|annual|${value.source}|${value.year}`;

/** What a compacted `vigia.indicators.v2` holds after the run, figure by figure: every figure of the last record per series key. */
function compacted(batches: readonly StepOutputs[]): Map<string, IndicatorValue> {
  const latest = new Map<string, IndicatorSeries | null>();
  for (const batch of batches) for (const record of batch.indicators) latest.set(record.key, record.value);
  const figures = [...latest.values()].flatMap((series) => (series === null ? [] : indicatorValuesOf(series, { all: true })));
  return new Map(figures.map((value) => [keyOf(value), value]));
}

/** The final watermark: the latest daily day of every version read (retracted and revised ones included). */
function finalWatermark(arrivals: readonly EventChange[]): DayNumber | undefined {
  const days = arrivals.map(watermarkDayOf).filter((day) => day !== undefined);
  return days.length === 0 ? undefined : dayNumberOf(days.reduce((a, b) => (a > b ? a : b)));
}

/**
 * A changed figure names the value it replaced (null when it is new); an
 * unchanged one has the value and count the series had; and a record changes
 * something.
 */
function expectChainedTo(before: IndicatorSeries | null, after: IndicatorSeries): void {
  const previous = new Map((before?.figures ?? []).map((figure) => [`${figure.metric}|${figure.window}`, figure]));
  let changed = before === null || before.figures.length !== after.figures.length;
  for (const figure of after.figures) {
    const was = previous.get(`${figure.metric}|${figure.window}`);
    if (figure.previousValue === undefined) {
      expect(was, `${after.region} ${figure.metric} ${figure.window} unchanged`).toMatchObject({
        value: figure.value,
        contributingEvents: figure.contributingEvents,
      });
    } else {
      changed = true;
      expect(figure.previousValue, `${after.region} ${figure.metric} ${figure.window}`).toBe(was?.value ?? null);
    }
  }
  expect(changed, `${after.region} ${after.metric}: a record that changes nothing`).toBe(true);
}

const derivedSuffixes = ['.change', '.change-pct', '.baseline', '.zscore'];
const isDerived = (key: string) => derivedSuffixes.some((suffix) => key.split('|')[1]!.endsWith(suffix));

function expectClose(key: string, value: IndicatorValue, reference: ReferenceFigure, options: { asOf: 'exact' | 'not-after' }): void {
  expect({ key, contributingEvents: value.contributingEvents }).toEqual({ key, contributingEvents: reference.contributingEvents });
  if (options.asOf === 'exact') expect(value.asOf, key).toBe(reference.asOf);
  else expect(value.asOf <= reference.asOf, `${key} asOf ${value.asOf} after ${reference.asOf}`).toBe(true);
  // Sums are exact (amounts are multiples of ¼); quotients and square roots may differ in the last bits.
  expect(Math.abs(value.value - reference.value), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(reference.value)));
}

/**
 * The states hold the recomputation as of the final watermark, exactly, and
 * what was published holds the same window sums and survey figures (a sum
 * left unchanged by a watermark move keeps its earlier `asOf`). Derived
 * figures (change, baseline, z-score) of a series nothing touched keep their
 * last published value until its next change, so they are checked through
 * the states and through the previous-value chain below, not here.
 */
function expectPublishedEqualsReference(survivors: readonly CanonicalEvent[], arrivals: readonly EventChange[], result: Run): void {
  const watermark = finalWatermark(arrivals);
  const expected = referenceFigures(survivors, () => true, watermark, result.states[0]!.options, shareRegions);
  const state = new Map(result.states.flatMap((s) => currentValues(s)).map((value) => [keyOf(value), value]));
  expect([...state.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, reference] of expected) expectClose(key, state.get(key)!, reference, { asOf: 'exact' });

  const published = [...compacted(result.batches)].filter(([key]) => !isDerived(key));
  expect(published.map(([key]) => key).sort()).toEqual([...expected.keys()].filter((key) => !isDerived(key)).sort());
  for (const [key, value] of published) expectClose(key, value, expected.get(key)!, { asOf: 'not-after' });
  for (const state of result.states) expect(state.watermark).toBe(watermark);
}

const layoutArb: fc.Arbitrary<Layout> = fc.record({
  partitions: fc.constantFrom(1, 12),
  batchSize: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 20 }), fc.constant(500)),
  serveSeed: fc.nat(),
});

describe('what the aggregation publishes', () => {
  it('equals a recomputation from the surviving versions, whatever the order, duplicates, batch size and partition count', () => {
    const scenario = historiesArb.chain((histories) => fc.tuple(fc.constant(histories), arrivalsArb(histories, { duplicates: true }), layoutArb));
    fc.assert(
      fc.property(scenario, ([histories, arrivals, layout]) => {
        expectPublishedEqualsReference(survivorsOf(histories), arrivals, run(arrivals, layout));
      }),
      { numRuns },
    );
  });

  it('publishes one valid record per series per batch, each figure chained to the value before it', () => {
    const scenario = historiesArb.chain((histories) => fc.tuple(arrivalsArb(histories, { duplicates: true }), layoutArb));
    fc.assert(
      fc.property(scenario, ([arrivals, layout]) => {
        const latest = new Map<string, IndicatorSeries | null>();
        for (const batch of run(arrivals, layout).batches) {
          const keys = batch.indicators.map((record) => record.key);
          expect(new Set(keys).size).toBe(keys.length);
          expect(new Set(batch.buckets.map((record) => record.key)).size).toBe(batch.buckets.length);
          for (const record of batch.buckets) if (record.value !== null) aggregatorBucketSchema.parse(record.value);
          for (const record of batch.indicators) {
            const before = latest.get(record.key) ?? null;
            if (record.value === null) {
              expect(before, `${record.key}: a tombstone follows a value`).not.toBeNull();
            } else {
              indicatorSeriesSchema.parse(record.value);
              expect(record.key).toBe(indicatorSeriesKey(record.value));
              expectChainedTo(before, record.value);
            }
            latest.set(record.key, record.value);
          }
        }
      }),
      { numRuns },
    );
  });

  it('fires the same survey years for any order of a survey table: every published growth is a final one', () => {
    const scenario = surveyTableArb.chain((table) =>
      fc.tuple(fc.constant(table), fc.shuffledSubarray(table, { minLength: table.length, maxLength: table.length }), layoutArb),
    );
    fc.assert(
      fc.property(scenario, ([table, shuffled, layout]) => {
        const result = run(shuffled.map(recorded), layout);
        const final = compacted(result.batches);
        const aboveThreshold = (value: IndicatorValue) => value.metric === 'cultivation.coca.yoy-pct' && value.value > 15;
        const everPublished = new Set(
          result.batches.flatMap((batch) =>
            batch.indicators.flatMap((record) =>
              record.value === null ? [] : indicatorValuesOf(record.value, { all: true }).filter(aboveThreshold).map(keyOf),
            ),
          ),
        );
        const finalSet = new Set([...final.values()].filter(aboveThreshold).map(keyOf));
        expect([...everPublished].sort()).toEqual([...finalSet].sort());
        expectPublishedEqualsReference(table, shuffled.map(recorded), result);
      }),
      { numRuns },
    );
  });

  it('can be restored from the compacted changelog into a state that computes the same', () => {
    const scenario = historiesArb.chain((histories) => arrivalsArb(histories, { duplicates: true }));
    fc.assert(
      fc.property(scenario, (arrivals) => {
        const { states, batches } = run(arrivals, { partitions: 1, batchSize: 7, serveSeed: 1 });
        const changelog = new Map<string, unknown>();
        for (const batch of batches) {
          for (const record of batch.buckets) changelog.set(record.key, record.value);
          if (batch.watermark !== undefined) changelog.set('watermark', { type: 'watermark.advanced', day: batch.watermark });
        }
        const live = [...changelog.values()].filter((value) => value !== null) as Parameters<typeof restoreState>[0] extends Iterable<infer V> ? V[] : never;
        const restored = restoreState(live).state;
        const byKey = (state: AggregationState) => new Map(currentValues(state).map((value) => [keyOf(value), value]));
        expect(byKey(restored)).toEqual(byKey(states[0]!));
        expect(restored.watermark).toBe(states[0]!.watermark);
      }),
      { numRuns: 40 },
    );
  });
});

describe('state stays bounded', () => {
  it('never holds a daily bucket older than retention, and empties when the watermark moves far on', () => {
    const dailyRetentionDays = 365;
    const surveyRetentionYears = 2;
    const scenario = historiesArb.chain((histories) => arrivalsArb(histories, { duplicates: true }));
    fc.assert(
      fc.property(scenario, (arrivals) => {
        const { states } = run(arrivals, { partitions: 1, batchSize: 5, serveSeed: 3 }, { dailyRetentionDays, surveyRetentionYears });
        const state = states[0]!;
        if (state.watermark !== undefined) {
          for (const series of state.series.values()) {
            if (series.kind === 'daily') for (const day of series.buckets.days()) expect(day).toBeGreaterThan(state.watermark - dailyRetentionDays);
          }
        }
        const far = advanceWatermark(state, isoDayOf((state.watermark ?? dayNumberOf('2030-01-01')) + 366 * (surveyRetentionYears + 40)));
        expect(stateStats(state).bucketCount).toBe(0);
        expect(far.indicators.every((record) => record.value === null)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
