import { describe, expect, it } from 'vitest';
import { createAggregationState } from '../state/aggregation-state.ts';
import { applyChanges, emitted } from '../testing/drive.ts';
import { incident, recorded, retracted, survey } from '../testing/fixtures.ts';
import { coalesceOutputs } from './coalesce.ts';

describe('coalescing a batch', () => {
  it('keeps one record per key: the last value, the previous value from before the batch', () => {
    const state = createAggregationState();
    applyChanges(state, [recorded(incident({ eventId: 'a', day: '2024-03-10' }))]);
    // when a batch brings a late event and then a new one
    const steps = [
      applyChanges(state, [recorded(incident({ eventId: 'b', day: '2024-03-09' }))]),
      applyChanges(state, [recorded(incident({ eventId: 'c', day: '2024-03-10' }))]),
    ];
    const batch = coalesceOutputs(steps);
    // then PE's 7d count appears once, from 1 to 3, flagged as a correction
    expect(emitted(batch, 'PE', 'incidents.count', '7d').map((r) => r.value)).toEqual([
      expect.objectContaining({ value: 3, previousValue: 1, correction: true }),
    ]);
    expect(new Set(batch.indicators.map((r) => r.key)).size).toBe(batch.indicators.length);
    expect(batch.buckets.find((r) => r.key === 'PE|incidents.count|2024-03-10')?.value).toMatchObject({ value: 2, eventCount: 2 });
  });

  it('ends with the tombstone when the batch removes an indicator', () => {
    const state = createAggregationState();
    const event = incident({ eventId: 'a', day: '2024-03-10', ubigeo: '050101' });
    const batch = coalesceOutputs([applyChanges(state, [recorded(event)]), applyChanges(state, [retracted(event)])]);
    expect(emitted(batch, 'zone:huallaga', 'incidents.count', '7d').map((r) => r.value)).toEqual([null]);
    expect(batch.buckets.every((r) => r.value === null)).toBe(true);
  });

  it('keeps each survey year of a batch, so year-on-year growth stays visible', () => {
    const state = createAggregationState();
    // when one batch brings the 2019 and the 2020 national surveys
    const batch = coalesceOutputs([
      applyChanges(state, [recorded(survey({ eventId: 'pe-2019', region: 'PE', year: 2019, hectares: 72_000 }))]),
      applyChanges(state, [recorded(survey({ eventId: 'pe-2020', region: 'PE', year: 2020, hectares: 88_200 }))]),
    ]);
    // then both years are published, each under its own key, and the growth of 2020 with them
    expect(emitted(batch, 'PE', 'cultivation.coca.ha', 'annual').map((r) => [r.key, r.value?.value])).toEqual([
      ['PE|cultivation.coca.ha|annual|devida|2019', 72_000],
      ['PE|cultivation.coca.ha|annual|devida|2020', 88_200],
    ]);
    expect(emitted(batch, 'PE', 'cultivation.coca.yoy-ha', 'annual', 2020).map((r) => r.value?.value)).toEqual([16_200]);
  });
});
