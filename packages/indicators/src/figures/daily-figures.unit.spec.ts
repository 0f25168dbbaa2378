import { describe, expect, it } from 'vitest';
import { currentValue } from '../aggregate/query.ts';
import { ewmaOf, zScoreOf } from '../maths/ewma.ts';
import { createAggregationState } from '../state/aggregation-state.ts';
import { dayNumberOf, isoDayOf } from '../time/days.ts';
import { applyChanges } from '../testing/drive.ts';
import { incident, recorded } from '../testing/fixtures.ts';

/** `count` incidents in district 050101 on `day`. */
function incidents(day: string, count: number) {
  return Array.from({ length: count }, (_, index) => recorded(incident({ eventId: `${day}-${index}`, day, ubigeo: '050101' })));
}

const week = (weeksBefore: number, asOf: string) => isoDayOf(dayNumberOf(asOf) - 7 * weeksBefore);

describe('derived daily figures', () => {
  it('compares a window with the one before it', () => {
    const state = createAggregationState();
    applyChanges(state, [...incidents('2024-03-01', 1), ...incidents('2024-03-10', 3)]);
    // 7d: 4–10 March has 3, 26 February – 3 March has 1
    expect(currentValue(state, '0501', 'incidents.count.change', '7d')).toMatchObject({ value: 2, contributingEvents: 4 });
    expect(currentValue(state, '0501', 'incidents.count.change-pct', '7d')?.value).toBe(200);
    // 30d: both in the current window, none before: a change but no percentage
    expect(currentValue(state, '0501', 'incidents.count.change', '30d')?.value).toBe(4);
    expect(currentValue(state, '0501', 'incidents.count.change-pct', '30d')).toBeUndefined();
    expect(currentValue(state, '0501', 'incidents.count.change', '365d')).toBeUndefined();
  });

  it('gives an EWMA baseline and z-score once eight past weeks are known', () => {
    // given weekly counts 1, 2, 1, 2 … over nine past weeks and 6 this week, all on the last day of each week
    const asOf = '2024-06-30';
    const past = [1, 2, 1, 2, 1, 2, 1, 2, 1];
    const state = createAggregationState();
    applyChanges(
      state,
      past.flatMap((count, index) => incidents(week(past.length - index, asOf), count)),
    );
    applyChanges(state, incidents(asOf, 6));
    // then the baseline is the EWMA (alpha 0.3) of the nine past weeks, oldest first
    const ewma = ewmaOf(past, 0.3)!;
    expect(currentValue(state, '0501', 'incidents.count.baseline', '7d')).toMatchObject({ contributingEvents: 13 });
    expect(currentValue(state, '0501', 'incidents.count.baseline', '7d')?.value).toBeCloseTo(ewma.mean, 12);
    expect(currentValue(state, '0501', 'incidents.count.zscore', '7d')?.value).toBeCloseTo(zScoreOf(6, ewma)!, 12);
    expect(currentValue(state, '0501', 'incidents.count.zscore', '30d')).toBeUndefined();
  });

  it('has no baseline with fewer than eight past windows since the first event', () => {
    const asOf = '2024-06-30';
    const state = createAggregationState();
    applyChanges(state, [...incidents(week(7, asOf), 1), ...incidents(asOf, 2)]);
    expect(currentValue(state, '0501', 'incidents.count.baseline', '7d')).toBeUndefined();
    applyChanges(state, incidents(week(8, asOf), 1));
    expect(currentValue(state, '0501', 'incidents.count.baseline', '7d')).toBeDefined();
    // a flat history (1, 0, 0 … 0, 1 is not flat; all zeros but the first is) still has spread here
    expect(currentValue(state, '0501', 'incidents.count.zscore', '7d')).toBeDefined();
  });

  it('has no z-score for a flat history', () => {
    const asOf = '2024-06-30';
    const state = createAggregationState();
    applyChanges(
      state,
      [1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((weeksBefore) => incidents(week(weeksBefore, asOf), 2)),
    );
    applyChanges(state, incidents(asOf, 5));
    expect(currentValue(state, '0501', 'incidents.count.baseline', '7d')?.value).toBe(2);
    expect(currentValue(state, '0501', 'incidents.count.zscore', '7d')).toBeUndefined();
  });
});
