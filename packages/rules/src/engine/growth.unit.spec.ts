import { describe, expect, it } from 'vitest';
import { cocaHectares, engineWith, Run, summaryOf } from '../testing/fixtures.ts';

// Growth rules compare a year's value with the previous year's.

const growth = (extra = '') =>
  engineWith(`
  - id: coca-growth-yoy
    kind: growth
    severity: critical
    appliesTo: { levels: [zone, department, national] }
    metric: cultivation.coca.ha
    change: percent
    when: { above: 15 }
    resolve: { atMost: 5 }
    ${extra}
    summary: 'Coca in {{region}} grew {{change_percent}} % ({{previous}} → {{value}} ha)'
`);

describe('growth rules', () => {
  it('fire for Peru 72,000 → 88,200 ha (+22.5 %) against a 15 % bound', () => {
    // given the national survey series 2019 → 2020 (US ONDCP)
    const run = new Run(growth());
    // when the 2020 figure arrives with 2019 as its previous value
    const transitions = run.feed(cocaHectares('PE', 2020, 88_200, 72_000));
    // then the growth rule fires with the change in its summary and evidence
    expect(summaryOf(transitions)).toEqual(['firing/firing/notify']);
    expect(transitions[0]?.alert.summary).toBe('Coca in Perú grew 22.5 % (72,000 → 88,200 ha)');
    expect(transitions[0]?.alert.evidence.indicators).toEqual([
      {
        region: 'PE',
        metric: 'cultivation.coca.ha',
        window: 'annual',
        asOf: '2020-12-31',
        value: 88_200,
        previousValue: 72_000,
        threshold: 15,
      },
    ]);
  });

  it('do not fire for +10 %', () => {
    const run = new Run(growth());
    expect(run.feed(cocaHectares('PE', 2020, 79_200, 72_000))).toEqual([]);
  });

  it('never fire from a first survey year (previous null)', () => {
    // given a zone surveyed for the first time, then corrected the same year
    const run = new Run(growth());
    expect(run.feed(cocaHectares('zone:putumayo', 2020, 5_000, null))).toEqual([]);
    expect(run.feed({ ...cocaHectares('zone:putumayo', 2020, 9_000, 5_000), correction: true })).toEqual([]);
    // then nothing fired: a correction's previousValue is "before this update", not last year
    expect(run.all).toEqual([]);
  });

  it('compare with the previous year they remember, whatever previousValue says', () => {
    // given 2019 seen by the rule
    const run = new Run(growth());
    run.feed(cocaHectares('PE', 2019, 72_000, 70_000));
    // when 2020 arrives with a previousValue that is not the previous year's
    const transitions = run.feed(cocaHectares('PE', 2020, 88_200, 88_000));
    // then the rule still sees +22.5 %
    expect(transitions[0]?.alert.summary).toBe('Coca in Perú grew 22.5 % (72,000 → 88,200 ha)');
  });

  it('have no year-on-year change across a gap in the surveys', () => {
    // given 2017 seen, then no survey until 2020
    const run = new Run(growth());
    run.feed(cocaHectares('zone:vraem', 2017, 10_000, null));
    // when 2020 arrives, its previousValue being "the figure before" (2017)
    expect(run.feed(cocaHectares('zone:vraem', 2020, 20_000, 10_000))).toEqual([]);
    // then nothing fires: +100 % over three years is not year on year; the next year compares again
    expect(summaryOf(run.feed(cocaHectares('zone:vraem', 2021, 24_000, 20_000)))).toEqual(['firing/firing/notify']);
  });

  it('keep the year-on-year baseline through a correction of the same year', () => {
    const run = new Run(growth());
    run.feed(cocaHectares('PE', 2020, 88_200, 72_000));
    const corrected = run.feed({ ...cocaHectares('PE', 2020, 88_500, 88_200), correction: true });
    expect(summaryOf(corrected)).toEqual(['updated/firing/quiet']);
    expect(corrected[0]?.alert.summary).toBe('Coca in Perú grew 22.9 % (72,000 → 88,500 ha)');
  });

  it('stay firing through a year of +10 % (hysteresis) and resolve at +3 %', () => {
    const run = new Run(growth());
    run.feed(cocaHectares('PE', 2020, 88_200, 72_000));
    expect(summaryOf(run.feed(cocaHectares('PE', 2021, 97_020, 88_200)))).toEqual(['updated/firing/quiet']);
    const resolved = run.feed(cocaHectares('PE', 2022, 99_930.6, 97_020));
    expect(summaryOf(resolved)).toEqual(['resolved/resolved/notify']);
    expect(resolved[0]?.alert).toMatchObject({ startsAt: '2020-12-31T00:00:00Z', endsAt: '2022-12-31T00:00:00Z' });
  });

  it('ignore growth from a base below minPrevious', () => {
    const run = new Run(growth('minPrevious: 100'));
    expect(run.feed(cocaHectares('zone:vraem', 2020, 150, 50))).toEqual([]);
    expect(summaryOf(run.feed(cocaHectares('zone:vraem', 2021, 300, 150)))).toEqual(['firing/firing/notify']);
  });

  it('measure absolute change in the metric unit when asked', () => {
    const run = new Run(
      engineWith(`
  - id: coca-growth-ha
    kind: growth
    severity: warning
    metric: cultivation.coca.ha
    change: absolute
    when: { atLeast: 1000 }
    summary: '{{region}} +{{change}} ha ({{change_percent}} %)'
`),
    );
    expect(run.feed(cocaHectares('zone:vraem', 2020, 26_500, 26_000))).toEqual([]);
    const fired = run.feed(cocaHectares('zone:huallaga', 2020, 3_000, 2_000));
    expect(fired[0]?.alert.summary).toBe('zone:huallaga +1,000 ha (50 %)');
  });

  it('treat a fall from zero as no percent growth (first-appearance covers it)', () => {
    const run = new Run(growth());
    expect(run.feed(cocaHectares('zone:vraem', 2020, 500, 0))).toEqual([]);
  });
});
