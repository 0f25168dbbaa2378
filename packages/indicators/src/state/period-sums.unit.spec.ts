import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDailySlots } from '../figures/daily-figures.ts';
import { emptySlotFigures, type SlotFigures } from '../figures/figure-slots.ts';
import { createAggregationState, writeBucket, type AggregationState, type Series } from './aggregation-state.ts';
import { addsExactly } from './bucket-pages.ts';
import { abortTransaction, commitTransaction, startTransaction } from './journal.ts';

/**
 * Period sums kept between computations must give what a fresh pass over the
 * buckets gives, bit for bit: figures are compared with `===` to decide what
 * to publish, and a drifted sum would publish a change that did not happen.
 */

const region = { code: '0501', level: 'department' as const };
const metric = 'seizures.cocaine-hydrochloride.kg';
const start = 20_000;

type Step =
  | { readonly kind: 'write'; readonly age: number; readonly value: number; readonly eventCount: number }
  | { readonly kind: 'compute'; readonly move: number }
  | { readonly kind: 'transaction'; readonly steps: readonly Step[]; readonly abort: boolean };

const amountArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 0, max: 400 }).map((quarters) => quarters / 4),
  fc.integer({ min: 1, max: 40 }).map((tenths) => tenths / 10),
);
const writeArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constant('write' as const),
  // Ahead of the watermark, inside the windows, at the edge of the lookback and beyond it.
  age: fc.oneof(
    fc.integer({ min: -5, max: 40 }),
    fc.integer({ min: -5, max: 420 }),
    fc.constantFrom(6, 7, 29, 30, 89, 90, 359, 360, 363, 364, 365, 389, 390, 398, 399, 400),
  ),
  value: fc.oneof({ weight: 4, arbitrary: amountArb }, { weight: 1, arbitrary: fc.constant(0) }),
  eventCount: fc.integer({ min: 0, max: 3 }),
});
const computeArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constant('compute' as const),
  move: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -3, max: 60 })),
});
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: writeArb },
  { weight: 3, arbitrary: computeArb },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('transaction' as const), steps: fc.array(fc.oneof(writeArb, computeArb), { maxLength: 8 }), abort: fc.boolean() }),
  },
);

/** The figures of a copy of the series that keeps no sums: one fresh pass over its buckets. */
function freshSlots(series: Series, asOf: number, state: AggregationState): SlotFigures {
  const slots = emptySlotFigures();
  computeDailySlots({ ...series, periodSums: undefined }, asOf, state.options, slots);
  return slots;
}

function bits(slots: SlotFigures): number[] {
  return [...slots.values, ...slots.events];
}

describe('period sums', () => {
  it.each([{}, { dailyRetentionDays: 365 }])('give the figures of a fresh pass, bit for bit, through writes, slides and aborts (retention %o)', (retention) => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        const state = createAggregationState(retention);
        let asOf = start;
        const run = (step: Step): void => {
          if (step.kind === 'write') {
            writeBucket(state, region, metric, undefined, asOf - step.age, { value: step.value, eventCount: step.eventCount });
            return;
          }
          if (step.kind === 'transaction') {
            const before = asOf;
            startTransaction(state);
            for (const inner of step.steps) run(inner);
            if (step.abort) {
              abortTransaction(state);
              asOf = before;
            } else {
              commitTransaction(state);
            }
            return;
          }
          asOf += step.move;
          const series = state.series.get(`${region.code}|${metric}`);
          if (series === undefined) return;
          const slots = emptySlotFigures();
          computeDailySlots(series, asOf, state.options, slots);
          expect(bits(slots)).toEqual(bits(freshSlots(series, asOf, state)));
        };
        for (const step of steps) run(step);
      }),
      { numRuns: 500 },
    );
  });

  it('are kept only while every bucket adds exactly', () => {
    expect(addsExactly(12.25, 3)).toBe(true);
    expect(addsExactly(0.1, 1)).toBe(false);
    expect(addsExactly(2 ** 27, 1)).toBe(false);
    const state = createAggregationState();
    writeBucket(state, region, metric, undefined, start, { value: 12.5, eventCount: 1 });
    const series = state.series.get(`${region.code}|${metric}`)!;
    computeDailySlots(series, start, state.options, emptySlotFigures());
    expect(series.periodSums).toBeDefined();
    writeBucket(state, region, metric, undefined, start - 1, { value: 0.1, eventCount: 1 });
    expect(series.periodSums).toBeUndefined();
    computeDailySlots(series, start, state.options, emptySlotFigures());
    expect(series.periodSums).toBeUndefined();
    writeBucket(state, region, metric, undefined, start - 1, undefined);
    computeDailySlots(series, start, state.options, emptySlotFigures());
    expect(series.periodSums).toBeDefined();
  });
});
