import { describe, expect, it } from 'vitest';
import { cocaHectares, engineWith, Run, summaryOf } from '../testing/fixtures.ts';

const firstAppearance = (extra = '') =>
  engineWith(`
  - id: coca-first-appearance
    kind: first-appearance
    severity: warning
    appliesTo: { levels: [zone, district] }
    metric: cultivation.coca.ha
    ${extra}
    summary: 'First coca in {{region}}: {{value}} ha'
`);

describe('first-appearance rules', () => {
  it('fire when a zone that had none the previous year has cultivation', () => {
    const run = new Run(firstAppearance());
    run.feed(cocaHectares('zone:madre-de-dios', 2020, 0));
    const fired = run.feed(cocaHectares('zone:madre-de-dios', 2021, 120));
    expect(summaryOf(fired)).toEqual(['firing/firing/notify']);
    expect(fired[0]?.alert.summary).toBe('First coca in zone:madre-de-dios: 120 ha');
  });

  it('do not fire where the previous year already had cultivation, or still has none', () => {
    const run = new Run(firstAppearance());
    run.feed(cocaHectares('zone:vraem', 2020, 25_000));
    expect(run.feed(cocaHectares('zone:vraem', 2021, 26_000))).toEqual([]);
    run.feed(cocaHectares('zone:puno', 2020, 0));
    expect(run.feed(cocaHectares('zone:puno', 2021, 0))).toEqual([]);
  });

  it('do not treat a first survey figure as new unless told to', () => {
    expect(new Run(firstAppearance()).feed(cocaHectares('zone:puno', 2021, 80, null))).toEqual([]);
    const told = new Run(firstAppearance('missingPreviousMeansNone: true'));
    expect(summaryOf(told.feed(cocaHectares('zone:puno', 2021, 80, null)))).toEqual(['firing/firing/notify']);
  });

  it('use the zero they remember from the previous year, whichever arrives first', () => {
    const run = new Run(firstAppearance());
    expect(run.feed(cocaHectares('150101', 2021, 12, null))).toEqual([]);
    expect(summaryOf(run.feed(cocaHectares('150101', 2020, 0, null)))).toEqual(['firing/firing/notify']);
  });

  it('resolve with the next survey, which is no longer a first', () => {
    const run = new Run(firstAppearance());
    run.feed(cocaHectares('zone:madre-de-dios', 2020, 0));
    run.feed(cocaHectares('zone:madre-de-dios', 2021, 120));
    const next = run.feed(cocaHectares('zone:madre-de-dios', 2022, 300));
    expect(summaryOf(next)).toEqual(['resolved/resolved/notify']);
    expect(next[0]?.alert.labels.year).toBe('2021');
  });

  it('respect minValue', () => {
    const run = new Run(firstAppearance('minValue: 50'));
    run.feed(cocaHectares('zone:madre-de-dios', 2020, 0));
    expect(run.feed(cocaHectares('zone:madre-de-dios', 2021, 20))).toEqual([]);
  });
});
