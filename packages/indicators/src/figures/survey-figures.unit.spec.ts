import { describe, expect, it } from 'vitest';
import { currentValue, surveySourcesOf } from '../aggregate/query.ts';
import { createAggregationState } from '../state/aggregation-state.ts';
import { applyChanges, emitted, figureOf, tick } from '../testing/drive.ts';
import { incident, recorded, regionOf, retracted, revised, survey } from '../testing/fixtures.ts';

const shareRegions = [regionOf('zone:vraem'), regionOf('05')];
const record = (region: string, year: number, hectares: number, source = 'DEVIDA') => recorded(survey({ region, year, hectares, source }));
const yoyPct = 'cultivation.coca.yoy-pct';

describe('coca cultivation surveys', () => {
  it("gives Peru's national series 2019 → 2020 (72,000 → 88,200 ha, US ONDCP) +22.5 %", () => {
    // given the US ONDCP national estimate for 2019
    const state = createAggregationState();
    applyChanges(state, [record('PE', 2019, 72_000, 'US ONDCP')]);
    // when its 2020 figure arrives
    const outputs = applyChanges(state, [record('PE', 2020, 88_200, 'US ONDCP')]);
    // then the 2020 figures of that source are published, keyed by source and year
    expect(emitted(outputs, 'PE', 'cultivation.coca.ha', 'annual')[0]).toMatchObject({
      key: 'PE|cultivation.coca.ha|us-ondcp|2020',
      value: {
        value: 88_200,
        previousValue: null,
        asOf: '2020-12-31',
        level: 'national',
        correction: false,
        contributingEvents: 1,
        source: 'us-ondcp',
        year: 2020,
      },
    });
    expect(emitted(outputs, 'PE', 'cultivation.coca.yoy-ha', 'annual')[0]?.value).toMatchObject({ value: 16_200, contributingEvents: 2, year: 2020 });
    expect(emitted(outputs, 'PE', yoyPct, 'annual')[0]?.value?.value).toBeCloseTo(22.5, 10);
    expect(currentValue(state, 'PE', yoyPct, 'annual', { source: 'us-ondcp' })?.value).toBeCloseTo(22.5, 10);
  });

  it('keeps sources apart: DEVIDA 54,655 → 61,777 ha is +13.0 % beside the US ONDCP +22.5 %, never a mean or a sum', () => {
    const state = createAggregationState();
    applyChanges(state, [
      record('PE', 2019, 72_000, 'US ONDCP'),
      record('PE', 2020, 88_200, 'US ONDCP'),
      record('PE', 2019, 54_655, 'DEVIDA'),
      record('PE', 2020, 61_777, 'DEVIDA'),
    ]);
    expect(surveySourcesOf(state, 'PE')).toEqual(['devida', 'us-ondcp']);
    expect(currentValue(state, 'PE', 'cultivation.coca.ha', 'annual', { source: 'devida', year: 2020 })?.value).toBe(61_777);
    expect(currentValue(state, 'PE', 'cultivation.coca.ha', 'annual', { source: 'us-ondcp', year: 2020 })?.value).toBe(88_200);
    expect(currentValue(state, 'PE', yoyPct, 'annual', { source: 'devida' })?.value).toBeCloseTo(13.03, 2);
    expect(currentValue(state, 'PE', yoyPct, 'annual', { source: 'us-ondcp' })?.value).toBeCloseTo(22.5, 10);
  });

  it('publishes the growth of every pair of consecutive years, whatever order the years arrive in', () => {
    // given 2022, then 2020, then 2021 (each its own batch, as separate requests would be)
    const state = createAggregationState();
    const first = applyChanges(state, [record('zone:vraem', 2022, 30_000)]);
    const second = applyChanges(state, [record('zone:vraem', 2020, 20_000)]);
    const third = applyChanges(state, [record('zone:vraem', 2021, 25_000)]);
    // then no growth until a year's predecessor is present, and 2022's growth is a correction of an already published year
    expect(emitted(first, 'zone:vraem', yoyPct, 'annual')).toEqual([]);
    expect(emitted(second, 'zone:vraem', yoyPct, 'annual')).toEqual([]);
    const growth = emitted(third, 'zone:vraem', yoyPct, 'annual').map((r) => [r.value?.year, r.value?.value, r.value?.correction]);
    expect(growth.sort()).toEqual([
      [2021, 25, false],
      [2022, 20, true],
    ]);
    expect(currentValue(state, 'zone:vraem', yoyPct, 'annual', { year: 2021 })?.value).toBe(25);
  });

  it("has no growth value for a zone's first survey year, never an infinite or NaN one", () => {
    const state = createAggregationState();
    const outputs = applyChanges(state, [record('zone:vraem', 2020, 26_000)]);
    expect(outputs.indicators.flatMap((record) => record.value?.figures.map((figure) => figure.metric) ?? [])).toEqual(['cultivation.coca.ha']);
    expect(currentValue(state, 'zone:vraem', yoyPct, 'annual')).toBeUndefined();
  });

  it('has no percentage growth from a year with 0 ha, but has the change in hectares', () => {
    const state = createAggregationState();
    applyChanges(state, [record('zone:huallaga', 2019, 0), record('zone:huallaga', 2020, 150)]);
    expect(currentValue(state, 'zone:huallaga', 'cultivation.coca.yoy-ha', 'annual')?.value).toBe(150);
    expect(currentValue(state, 'zone:huallaga', yoyPct, 'annual', { year: 2020 })).toBeUndefined();
  });

  it("publishes a share of the same source's national total in regions that received it", () => {
    const state = createAggregationState();
    applyChanges(state, [record('zone:vraem', 2020, 26_000)], { shareRegions });
    const outputs = applyChanges(state, [record('PE', 2020, 61_777), record('PE', 2020, 88_200, 'US ONDCP')], { shareRegions });
    const shares = emitted(outputs, 'zone:vraem', 'cultivation.coca.share-national-pct', 'annual');
    expect(shares.map((r) => r.value?.source)).toEqual(['devida']);
    expect(shares[0]?.value?.value).toBeCloseTo((26_000 / 61_777) * 100, 10);
    // the copy of the national figure is not published in the zone
    expect(emitted(outputs, 'zone:vraem', 'cultivation.coca.national-ha', 'annual')).toEqual([]);
    expect(emitted(outputs, '05', 'cultivation.coca.share-national-pct', 'annual')).toEqual([]);
  });

  it('corrects a revised year and the growth of the year after it', () => {
    const state = createAggregationState();
    const first = survey({ region: 'zone:vraem', year: 2020, hectares: 26_000 });
    applyChanges(state, [record('zone:vraem', 2019, 21_000), recorded(first), record('zone:vraem', 2021, 26_000)]);
    const outputs = applyChanges(state, [revised(first, { ...first, revision: 2, hectares: 27_000 })]);
    expect(emitted(outputs, 'zone:vraem', 'cultivation.coca.ha', 'annual', 2020)[0]?.value).toMatchObject({
      value: 27_000,
      previousValue: 26_000,
      correction: true,
    });
    expect(emitted(outputs, 'zone:vraem', 'cultivation.coca.yoy-ha', 'annual', 2021)[0]?.value).toMatchObject({
      value: -1_000,
      previousValue: 0,
      correction: true,
    });
  });

  it("tombstones a retracted year's figures and the growth of the year after it", () => {
    const state = createAggregationState();
    const middle = survey({ region: 'zone:vraem', year: 2020, hectares: 26_000 });
    applyChanges(state, [record('zone:vraem', 2019, 21_000), recorded(middle), record('zone:vraem', 2021, 30_000)]);
    const outputs = applyChanges(state, [retracted(middle)]);
    expect(emitted(outputs, 'zone:vraem', 'cultivation.coca.ha', 'annual', 2020)).toEqual([expect.objectContaining({ value: null })]);
    // 2021 keeps its hectares but no longer has a growth: its record carries no yoy figure
    const year2021 = outputs.indicators.find((record) => record.key === 'zone:vraem|cultivation.coca.ha|devida|2021');
    expect(figureOf(year2021, 'cultivation.coca.ha', 'annual')).toMatchObject({ value: 30_000 });
    expect(figureOf(year2021, yoyPct, 'annual')).toBeUndefined();
    expect(currentValue(state, 'zone:vraem', 'cultivation.coca.ha', 'annual')?.value).toBe(30_000);
  });

  it('takes the mean of two conflicting reports of one source, region and year, and says there were two', () => {
    const state = createAggregationState();
    applyChanges(state, [
      recorded(survey({ eventId: 'devida-2020-vraem-a', region: 'zone:vraem', year: 2020, hectares: 26_000 })),
      recorded(survey({ eventId: 'devida-2020-vraem-b', region: 'zone:vraem', year: 2020, hectares: 27_000 })),
    ]);
    expect(currentValue(state, 'zone:vraem', 'cultivation.coca.ha', 'annual')).toMatchObject({ value: 26_500, contributingEvents: 2 });
  });

  it('never moves daily time: a 2024 survey leaves the daily windows of 2021 where they are', () => {
    const state = createAggregationState();
    applyChanges(state, [recorded(incident({ eventId: 'a', day: '2021-05-23', civiliansKilled: 18, type: 'mass-killing' }))]);
    const outputs = applyChanges(state, [record('zone:vraem', 2024, 30_000)]);
    expect(outputs.watermark).toBeUndefined();
    expect(currentValue(state, 'PE', 'fatalities.total', '365d')).toMatchObject({ value: 18, asOf: '2021-05-23' });
  });

  it('keeps surveys for the watermark year and the retention before it, then evicts them', () => {
    const state = createAggregationState({ surveyRetentionYears: 5 });
    applyChanges(state, [record('zone:vraem', 2019, 21_000), record('zone:vraem', 2020, 26_000)]);
    expect(tick(state, '2024-12-31').buckets).toEqual([]);
    const outputs = tick(state, '2025-01-01');
    expect(outputs.buckets).toEqual([expect.objectContaining({ key: 'zone:vraem|cultivation.coca.ha|2019-01-01|devida', value: null })]);
    // 2020 loses its growth (2019 is gone): its record carries the hectares alone
    const year2020 = outputs.indicators.find((record) => record.key === 'zone:vraem|cultivation.coca.ha|devida|2020');
    expect(figureOf(year2020, 'cultivation.coca.ha', 'annual')).toMatchObject({ value: 26_000 });
    expect(figureOf(year2020, 'cultivation.coca.yoy-ha', 'annual')).toBeUndefined();
    expect(currentValue(state, 'zone:vraem', 'cultivation.coca.ha', 'annual')?.value).toBe(26_000);
  });
});
