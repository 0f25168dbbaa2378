import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregatorBucketSchema, indicatorValueSchema, type AggregatorBucket, type Contribution, type IndicatorValue } from '@vigia/schemas';
import { createChangeLedger, fanOut } from '../fan-out/change-ledger.ts';
import { contributionsOf } from '../fan-out/contributions.ts';
import { baseMetricOf, currentValues } from './query.ts';
import { createAggregationState, type AggregationState } from '../state/aggregation-state.ts';
import { stateStats } from '../state/state-size.ts';
import { dayNumberOf, isoDayOf } from '../time/days.ts';
import { arrivalsArb, historiesArb, scenarioShareRegions, survivorsOf, type Arrival, type EventHistory } from '../testing/arbitraries.ts';
import { referenceFigures } from '../testing/brute-force.ts';
import { testTargetRegions } from '../testing/fixtures.ts';
import { advanceStreamTime } from './advance-stream-time.ts';
import { applyContribution } from './apply-contribution.ts';
import type { StepOutputs } from './outputs.ts';
import { restoreState } from './restore-state.ts';

/**
 * The incremental aggregation against a from-scratch recomputation, over
 * random histories delivered in random orders, with duplicates, late events,
 * revisions, retractions, ticks and 1–3 partitions.
 */

const shareRegions = scenarioShareRegions;
const numRuns = 150;

interface Partitioned {
  readonly states: AggregationState[];
  readonly outputs: StepOutputs[];
  /** Max contribution or tick day per partition. */
  readonly maxDays: Array<number | undefined>;
}

function partitionOf(regionCode: string, partitions: number): number {
  let hash = 0;
  for (const char of regionCode) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
  return hash % partitions;
}

/** Runs arrivals through the fan-out and `partitions` aggregation states; `dedupe` puts the ledger in front. */
function run(arrivals: readonly Arrival[], partitions: number, dedupe: boolean): Partitioned {
  // The ledger keeps entries longer than the scenarios span: its own eviction has unit tests.
  const ledger = createChangeLedger({ dailyRetentionDays: 5_000, surveyRetentionYears: 50 });
  const states = Array.from({ length: partitions }, () => createAggregationState());
  const outputs = states.map((): StepOutputs => ({ buckets: [], indicators: [] }));
  const maxDays: Array<number | undefined> = states.map(() => undefined);
  const collect = (partition: number, step: StepOutputs, day: number) => {
    outputs[partition]!.buckets.push(...step.buckets);
    outputs[partition]!.indicators.push(...step.indicators);
    maxDays[partition] = Math.max(maxDays[partition] ?? day, day);
  };
  for (const arrival of arrivals) {
    if (arrival.kind === 'tick') {
      states.forEach((state, partition) => collect(partition, advanceStreamTime(state, arrival.day), dayNumberOf(arrival.day)));
      continue;
    }
    const contributions: Contribution[] = dedupe
      ? fanOut(ledger, arrival.change, testTargetRegions, { shareRegions })
      : contributionsOf(arrival.change, testTargetRegions, { shareRegions });
    for (const contribution of contributions) {
      const partition = partitionOf(contribution.target.code, partitions);
      collect(partition, applyContribution(states[partition]!, contribution), dayNumberOf(contribution.day));
    }
  }
  return { states, outputs, maxDays };
}

function byKey(values: readonly IndicatorValue[]): Map<string, IndicatorValue> {
  return new Map(values.map((value) => [`${value.region}|${value.metric}|${value.window}`, value]));
}

/** Every partition's figures equal the recomputation from the surviving versions at that partition's stream day. */
function expectMatchesReference(histories: readonly EventHistory[], result: Partitioned): void {
  const survivors = survivorsOf(histories);
  result.states.forEach((state, partition) => {
    expect(state.streamDay).toBe(result.maxDays[partition]);
    if (state.streamDay === undefined) return;
    const owns = (code: string) => partitionOf(code, result.states.length) === partition;
    const expected = referenceFigures(survivors, owns, state.streamDay, state.options, shareRegions);
    const actual = byKey(currentValues(state));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, reference] of expected) {
      const value = actual.get(key)!;
      expect({ key, contributingEvents: value.contributingEvents, asOf: value.asOf }).toEqual({
        key,
        contributingEvents: reference.contributingEvents,
        asOf: reference.asOf,
      });
      // Sums are exact (amounts are multiples of ¼); quotients and square roots may differ in the last bits.
      expect(Math.abs(value.value - reference.value), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(reference.value)));
    }
  });
}

describe('aggregation equals a recomputation from the raw events', () => {
  it('for any arrival order, with duplicates and ticks, on 1–3 partitions (ledger in front)', () => {
    const scenario = historiesArb.chain((histories) =>
      fc.tuple(fc.constant(histories), arrivalsArb(histories, { duplicates: true }), fc.integer({ min: 1, max: 3 })),
    );
    fc.assert(
      fc.property(scenario, ([histories, arrivals, partitions]) => {
        expectMatchesReference(histories, run(arrivals, partitions, true));
      }),
      { numRuns },
    );
  });

  it('for any arrival order without duplicates, by change semantics alone (no ledger)', () => {
    const scenario = historiesArb.chain((histories) => fc.tuple(fc.constant(histories), arrivalsArb(histories, { duplicates: false })));
    fc.assert(
      fc.property(scenario, ([histories, arrivals]) => {
        expectMatchesReference(histories, run(arrivals, 1, false));
      }),
      { numRuns },
    );
  });

  it('double counts a duplicate without the ledger (so the ledger test above can fail)', () => {
    const [history] = fc.sample(historiesArb.filter((h) => h.some((e) => !e.retracted && e.versions.length === 1 && e.versions[0]!.kind === 'incident')), { numRuns: 1, seed: 7 });
    const single = history!.find((e) => !e.retracted && e.versions.length === 1 && e.versions[0]!.kind === 'incident')!;
    const change = { type: 'event.recorded' as const, event: single.versions[0]! };
    const twice: Arrival[] = [{ kind: 'change', change }, { kind: 'change', change }];
    const once = (dedupe: boolean) => currentValues(run(twice, 1, dedupe).states[0]!).find((v) => v.region === 'PE' && v.metric === 'incidents.count' && v.window === '365d')?.value;
    expect(once(true)).toBe(1);
    expect(once(false)).toBe(2);
  });
});

describe('what the aggregation publishes', () => {
  const scenario = historiesArb.chain((histories) => fc.tuple(arrivalsArb(histories, { duplicates: true }), fc.integer({ min: 1, max: 3 })));

  it('is valid on the wire, and each key’s last record is the current value with a consistent previous value', () => {
    fc.assert(
      fc.property(scenario, ([arrivals, partitions]) => {
        const result = run(arrivals, partitions, true);
        result.states.forEach((state, partition) => {
          const { buckets, indicators } = result.outputs[partition]!;
          for (const record of buckets) if (record.value !== null) aggregatorBucketSchema.parse(record.value);
          const last = new Map<string, IndicatorValue | null>();
          for (const record of indicators) {
            if (record.value !== null) {
              expect(indicatorValueSchema.parse(record.value)).toEqual(record.value);
              // Derived daily figures are recomputed only with their series (see README), so only base and survey figures chain.
              if (isChained(record.metric)) expect(record.value.previousValue, record.key).toBe(last.get(record.key)?.value ?? null);
            }
            last.set(record.key, record.value);
          }
          const current = byKey(currentValues(state));
          for (const [key, value] of last) {
            if (!isChained(value?.metric ?? key.split('|')[1]!)) continue;
            expect(value === null ? undefined : { value: value.value, events: value.contributingEvents }, key).toEqual(
              current.has(key) ? { value: current.get(key)!.value, events: current.get(key)!.contributingEvents } : undefined,
            );
          }
          for (const key of current.keys()) if (isChained(current.get(key)!.metric)) expect(last.has(key), key).toBe(true);
        });
      }),
      { numRuns },
    );
  });

  it('can be restored from the compacted changelog into a state that computes the same', () => {
    fc.assert(
      fc.property(scenario, ([arrivals, partitions]) => {
        const result = run(arrivals, partitions, true);
        result.states.forEach((state, partition) => {
          const compacted = new Map<string, AggregatorBucket | null>();
          for (const record of result.outputs[partition]!.buckets) compacted.set(record.key, record.value);
          const restored = restoreState([...compacted.values()].filter((value) => value !== null), {
            ...(state.streamDay === undefined ? {} : { streamDay: isoDayOf(state.streamDay) }),
          });
          expect(restored.buckets).toEqual([]);
          expect(stateStats(restored.state)).toEqual(stateStats(state));
          expect(sortedJson(currentValues(restored.state))).toEqual(sortedJson(currentValues(state)));
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('state stays bounded', () => {
  it('never holds a daily bucket older than retention or more survey years than kept, and empties when time moves far on', () => {
    fc.assert(
      fc.property(historiesArb.chain((histories) => arrivalsArb(histories, { duplicates: true })), (arrivals) => {
        const { states } = run(arrivals, 1, true);
        const state = states[0]!;
        const { dailyRetentionDays, surveyRetentionYears } = state.options;
        for (const series of state.series.values()) {
          const bound = series.kind === 'daily' ? dailyRetentionDays : surveyRetentionYears + 1;
          expect(series.buckets.size).toBeLessThanOrEqual(bound);
          for (const day of series.buckets.keys()) expect(day).toBeGreaterThan(state.streamDay! - (series.kind === 'daily' ? dailyRetentionDays : 366 * bound));
        }
        const before = stateStats(state);
        const far = advanceStreamTime(state, isoDayOf((state.streamDay ?? 0) + 366 * (surveyRetentionYears + 2)));
        expect(far.buckets.filter((record) => record.value === null)).toHaveLength(before.bucketCount);
        expect(stateStats(state)).toEqual({ seriesCount: 0, bucketCount: 0, maxBucketsPerSeries: 0, changelogBytes: 0 });
        expect(state.calendar.size).toBe(0);
      }),
      { numRuns: 80 },
    );
  });
});

function isChained(metric: string): boolean {
  return baseMetricOf(metric) === metric || metric.startsWith('cultivation.');
}

function sortedJson(values: readonly IndicatorValue[]): string[] {
  return values.map((value) => JSON.stringify(value)).sort();
}
