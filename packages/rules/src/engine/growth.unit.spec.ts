import { describe, expect, it } from 'vitest';
import { cocaHectares, engineWith, Run, summaryOf } from '../testing/fixtures.ts';

// Growth rules compare a survey year's value with the same source's year before; each year is its own alert.

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
    run.feed(cocaHectares('PE', 2019, 72_000));
    // when the 2020 figure arrives
    const transitions = run.feed(cocaHectares('PE', 2020, 88_200));
    // then the growth rule fires for 2020, with the change in its summary and evidence
    expect(summaryOf(transitions)).toEqual(['firing/firing/notify']);
    expect(transitions[0]?.alert.summary).toBe('Coca in Perú grew 22.5 % (72,000 → 88,200 ha)');
    expect(transitions[0]?.alert.labels).toMatchObject({ source: 'devida', year: '2020' });
    expect(transitions[0]?.alert.evidence.indicators).toEqual([
      { region: 'PE', metric: 'cultivation.coca.ha', window: 'annual', asOf: '2020-12-31', value: 88_200, previousValue: 72_000, threshold: 15 },
    ]);
  });

  it('fire the same year whatever order the years arrive in', () => {
    const run = new Run(growth());
    expect(run.feed(cocaHectares('PE', 2020, 88_200))).toEqual([]);
    // 2019 arrives late: 2020 now has its comparison, and fires
    const late = run.feed(cocaHectares('PE', 2019, 72_000));
    expect(summaryOf(late)).toEqual(['firing/firing/notify']);
    expect(late[0]?.alert.labels.year).toBe('2020');
  });

  it('do not fire for +10 %', () => {
    const run = new Run(growth());
    run.feed(cocaHectares('PE', 2019, 72_000));
    expect(run.feed(cocaHectares('PE', 2020, 79_200))).toEqual([]);
  });

  it('never fire from a first survey year, nor from a correction of it', () => {
    const run = new Run(growth());
    expect(run.feed(cocaHectares('zone:putumayo', 2020, 5_000, null))).toEqual([]);
    expect(run.feed({ ...cocaHectares('zone:putumayo', 2020, 9_000, 5_000), correction: true })).toEqual([]);
    expect(run.all).toEqual([]);
  });

  it('compare with the year before they remember, whatever previousValue says', () => {
    const run = new Run(growth());
    run.feed(cocaHectares('PE', 2019, 72_000, 70_000));
    const transitions = run.feed(cocaHectares('PE', 2020, 88_200, 88_000));
    expect(transitions[0]?.alert.summary).toBe('Coca in Perú grew 22.5 % (72,000 → 88,200 ha)');
  });

  it('have no year-on-year change across a gap in the surveys', () => {
    const run = new Run(growth());
    run.feed(cocaHectares('zone:vraem', 2017, 10_000));
    expect(run.feed(cocaHectares('zone:vraem', 2020, 20_000))).toEqual([]);
    expect(summaryOf(run.feed(cocaHectares('zone:vraem', 2021, 24_000)))).toEqual(['firing/firing/notify']);
  });

  it('update a year through a correction of it', () => {
    const run = new Run(growth());
    run.feed(cocaHectares('PE', 2019, 72_000));
    run.feed(cocaHectares('PE', 2020, 88_200));
    const corrected = run.feed({ ...cocaHectares('PE', 2020, 88_500, 88_200), correction: true });
    expect(summaryOf(corrected)).toEqual(['updated/firing/quiet']);
    expect(corrected[0]?.alert.summary).toBe('Coca in Perú grew 22.9 % (72,000 → 88,500 ha)');
  });

  it('resolve a year with the next one, saying why, and page again for a later rise', () => {
    const run = new Run(growth());
    run.feed(cocaHectares('PE', 2019, 72_000));
    run.feed(cocaHectares('PE', 2020, 88_200));
    // 2021 grows 10 %: not a finding; it settles 2020
    const settled = run.feed(cocaHectares('PE', 2021, 97_020));
    expect(summaryOf(settled)).toEqual(['resolved/resolved/notify']);
    expect(settled[0]?.alert).toMatchObject({ labels: { year: '2020' }, resolution: '2021 is within the threshold of coca-growth-yoy' });
    // 2022 grows 23 %: a page of its own
    const again = run.feed(cocaHectares('PE', 2022, 119_335));
    expect(summaryOf(again)).toEqual(['firing/firing/notify']);
    expect(again[0]?.alert.labels.year).toBe('2022');
  });

  it('page a rising year while the year before is still open, and resolve the earlier one', () => {
    const run = new Run(growth());
    run.feed(cocaHectares('PE', 2019, 72_000));
    run.feed(cocaHectares('PE', 2020, 88_200));
    const next = run.feed(cocaHectares('PE', 2021, 110_000));
    expect(next.map((t) => [t.alert.labels.year, t.change])).toEqual([
      ['2021', 'firing'],
      ['2020', 'resolved'],
    ]);
    expect(next[1]?.alert.resolution).toMatch(/^superseded by 2021/);
  });

  it('ignore growth from a base below minPrevious', () => {
    const run = new Run(growth('minPrevious: 100'));
    run.feed(cocaHectares('zone:vraem', 2019, 50));
    expect(run.feed(cocaHectares('zone:vraem', 2020, 150))).toEqual([]);
    expect(summaryOf(run.feed(cocaHectares('zone:vraem', 2021, 300)))).toEqual(['firing/firing/notify']);
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
    run.feed(cocaHectares('zone:vraem', 2019, 26_000));
    expect(run.feed(cocaHectares('zone:vraem', 2020, 26_500))).toEqual([]);
    run.feed(cocaHectares('zone:huallaga', 2019, 2_000));
    const fired = run.feed(cocaHectares('zone:huallaga', 2020, 3_000));
    expect(fired[0]?.alert.summary).toBe('zone:huallaga +1,000 ha (50 %)');
  });

  it('treat a rise from zero as no percent growth (first-appearance covers it)', () => {
    const run = new Run(growth());
    run.feed(cocaHectares('zone:vraem', 2019, 0));
    expect(run.feed(cocaHectares('zone:vraem', 2020, 500))).toEqual([]);
  });

  it('keep sources apart: a DEVIDA year is never compared with a UNODC year', () => {
    const run = new Run(growth());
    run.feed({ ...cocaHectares('PE', 2019, 50_000), source: 'unodc' });
    expect(run.feed(cocaHectares('PE', 2020, 61_777))).toEqual([]);
  });
});
