import { describe, expect, it } from 'vitest';
import { currentValue } from '../aggregate/query.ts';
import { createAggregationState } from '../state/aggregation-state.ts';
import { applyChanges, emitted, tick } from '../testing/drive.ts';
import { recorded, regionOf, retracted, revised, survey } from '../testing/fixtures.ts';

const shareRegions = [regionOf('zone:vraem'), regionOf('05')];
const record = (region: string, year: number, hectares: number) => recorded(survey({ region, year, hectares }));

describe('coca cultivation surveys', () => {
  it("gives Peru's national series 2019 → 2020 (72,000 → 88,200 ha, US ONDCP) +22.5 %", () => {
    // given the national figures for 2019 and 2020
    const state = createAggregationState();
    applyChanges(state, [record('PE', 2019, 72_000)]);
    // when the 2020 figure arrives
    const outputs = applyChanges(state, [record('PE', 2020, 88_200)]);
    // then the annual indicators of 2020 are published
    expect(emitted(outputs, 'PE', 'cultivation.coca.ha', 'annual')[0]?.value).toMatchObject({
      value: 88_200,
      previousValue: 72_000,
      asOf: '2020-12-31',
      level: 'national',
      correction: false,
      contributingEvents: 1,
    });
    expect(emitted(outputs, 'PE', 'cultivation.coca.yoy-ha', 'annual')[0]?.value).toMatchObject({ value: 16_200, previousValue: null, contributingEvents: 2 });
    expect(emitted(outputs, 'PE', 'cultivation.coca.yoy-pct', 'annual')[0]?.value?.value).toBeCloseTo(22.5, 10);
    expect(currentValue(state, 'PE', 'cultivation.coca.yoy-pct', 'annual')?.value).toBeCloseTo(22.5, 10);
  });

  it("has no growth value for a zone's first survey year, never an infinite or NaN one", () => {
    const state = createAggregationState();
    const outputs = applyChanges(state, [record('zone:vraem', 2020, 26_000)]);
    expect(outputs.indicators.map((r) => r.metric)).toEqual(['cultivation.coca.ha']);
    expect(currentValue(state, 'zone:vraem', 'cultivation.coca.yoy-pct', 'annual')).toBeUndefined();
    expect(currentValue(state, 'zone:vraem', 'cultivation.coca.yoy-ha', 'annual')).toBeUndefined();
  });

  it('has no percentage growth from a year with 0 ha, but has the change in hectares', () => {
    const state = createAggregationState();
    applyChanges(state, [record('zone:huallaga', 2019, 0), record('zone:huallaga', 2020, 150)]);
    expect(currentValue(state, 'zone:huallaga', 'cultivation.coca.yoy-ha', 'annual')?.value).toBe(150);
    expect(currentValue(state, 'zone:huallaga', 'cultivation.coca.yoy-pct', 'annual')).toBeUndefined();
  });

  it('publishes a share of the national total in regions that received the national figure', () => {
    const state = createAggregationState();
    applyChanges(state, [record('zone:vraem', 2020, 26_000)], { shareRegions });
    const outputs = applyChanges(state, [record('PE', 2020, 88_200)], { shareRegions });
    expect(emitted(outputs, 'zone:vraem', 'cultivation.coca.share-national-pct', 'annual')[0]?.value?.value).toBeCloseTo((26_000 / 88_200) * 100, 10);
    // the copy of the national figure is not published in the zone
    expect(emitted(outputs, 'zone:vraem', 'cultivation.coca.national-ha', 'annual')).toEqual([]);
    expect(emitted(outputs, '05', 'cultivation.coca.share-national-pct', 'annual')).toEqual([]);
    expect(currentValue(state, 'PE', 'cultivation.coca.share-national-pct', 'annual')).toBeUndefined();
  });

  it('keeps publishing the latest year when an older survey arrives late, and corrects a revised one', () => {
    const state = createAggregationState();
    applyChanges(state, [record('zone:vraem', 2020, 26_000), record('zone:vraem', 2019, 21_000)]);
    expect(currentValue(state, 'zone:vraem', 'cultivation.coca.ha', 'annual')).toMatchObject({ value: 26_000, asOf: '2020-12-31' });
    const earlier = survey({ region: 'zone:vraem', year: 2018, hectares: 20_000 });
    expect(applyChanges(state, [recorded(earlier)]).indicators).toEqual([]);
    const first = survey({ region: 'zone:vraem', year: 2020, hectares: 26_000 });
    const outputs = applyChanges(state, [revised(first, { ...first, revision: 2, hectares: 27_000 })]);
    expect(emitted(outputs, 'zone:vraem', 'cultivation.coca.ha', 'annual')[0]?.value).toMatchObject({ value: 27_000, previousValue: 26_000, correction: true });
  });

  it('goes back to the previous year when the latest survey is retracted, tombstoning its growth', () => {
    const state = createAggregationState();
    const latest = survey({ region: 'zone:vraem', year: 2020, hectares: 26_000 });
    applyChanges(state, [record('zone:vraem', 2019, 21_000), recorded(latest)]);
    const outputs = applyChanges(state, [retracted(latest)]);
    expect(emitted(outputs, 'zone:vraem', 'cultivation.coca.ha', 'annual')[0]?.value).toMatchObject({ value: 21_000, asOf: '2019-12-31', correction: true });
    expect(emitted(outputs, 'zone:vraem', 'cultivation.coca.yoy-pct', 'annual')).toEqual([expect.objectContaining({ value: null })]);
  });

  it('averages two surveys of the same region and year instead of adding them', () => {
    const state = createAggregationState();
    applyChanges(state, [
      recorded(survey({ eventId: 'unodc-2020-vraem', region: 'zone:vraem', year: 2020, hectares: 26_000 })),
      recorded(survey({ eventId: 'devida-2020-vraem', region: 'zone:vraem', year: 2020, hectares: 27_000 })),
    ]);
    expect(currentValue(state, 'zone:vraem', 'cultivation.coca.ha', 'annual')).toMatchObject({ value: 26_500, contributingEvents: 2 });
  });

  it('keeps surveys for the current year and the retention before it, then evicts them', () => {
    const state = createAggregationState({ surveyRetentionYears: 5 });
    applyChanges(state, [record('zone:vraem', 2019, 21_000), record('zone:vraem', 2020, 26_000)]);
    expect(tick(state, '2024-12-31').buckets).toEqual([]);
    const outputs = tick(state, '2025-01-01');
    expect(outputs.buckets).toEqual([expect.objectContaining({ key: 'zone:vraem|cultivation.coca.ha|2019-01-01', value: null })]);
    expect(emitted(outputs, 'zone:vraem', 'cultivation.coca.yoy-ha', 'annual')).toEqual([expect.objectContaining({ value: null })]);
    expect(currentValue(state, 'zone:vraem', 'cultivation.coca.ha', 'annual')?.value).toBe(26_000);
  });
});
