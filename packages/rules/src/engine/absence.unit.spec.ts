import type { Contribution } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { at, engineWith, incident, recorded, Run, summaryOf } from '../testing/fixtures.ts';

// Absence rules: a region that normally reports goes silent.

const silent = () =>
  engineWith(`
  - id: silent-region
    kind: absence
    severity: warning
    appliesTo: { levels: [province] }
    silentFor: 30d
    normally: { reports: 3, within: 60d }
    summary: 'No reports from {{region}} for {{days_silent}} days (last {{last_report}})'
`);

const report = (day: string, eventId = `ev-${day}`, ubigeo = '050408') =>
  recorded(incident({ eventId, occurredAt: day, location: { ubigeo, level: 'district' } }));

describe('absence rules', () => {
  it('fire when a normally reporting region has been silent for silentFor, and resolve on the next report', () => {
    // given a province with three reports within 60 days
    const run = new Run(silent());
    for (const day of ['2024-01-05', '2024-01-20', '2024-02-01']) run.feed(report(day));
    // when stream time passes 29 days, then 30 days after the last report
    expect(run.tick(at('2024-03-01'))).toEqual([]);
    const fired = run.tick(at('2024-03-02'));
    // then it fires on the 30th day, dated from the moment the silence became long enough
    expect(summaryOf(fired)).toEqual(['firing/firing/notify']);
    expect(fired[0]?.alert).toMatchObject({
      region: { code: '0504', level: 'province' },
      startsAt: '2024-03-02T00:00:00Z',
      summary: 'No reports from 0504 for 30 days (last 2024-02-01)',
      evidence: { eventIds: ['ev-2024-02-01'] },
    });
    // and a new report resolves it, notified
    expect(summaryOf(run.feed(report('2024-03-10'), at('2024-03-10')))).toEqual(['resolved/resolved/notify']);
  });

  it('never fire for a region without a normal reporting rate', () => {
    const run = new Run(silent());
    for (const day of ['2023-06-01', '2023-10-01', '2024-02-01']) run.feed(report(day));
    expect(run.tick(at('2024-06-01'))).toEqual([]);
  });

  it('count contributions as reports (co-partitioned with the indicators)', () => {
    const run = new Run(silent());
    const contribution = (day: string, eventCountDelta: -1 | 0 | 1 = 1): Contribution => ({
      type: 'contribution.emitted',
      target: { code: '0504', level: 'province' },
      eventId: `ev-${day}`,
      revision: 1,
      day,
      deltas: { 'incidents.count': eventCountDelta },
      eventCountDelta,
    });
    for (const day of ['2024-01-05', '2024-01-20', '2024-02-01']) run.feed(contribution(day));
    // a retraction's -1 is not a report
    run.feed(contribution('2024-02-20', -1));
    expect(summaryOf(run.tick(at('2024-03-02')))).toEqual(['firing/firing/notify']);
  });

  it('do not take survey figures for field reports', () => {
    const run = new Run(silent());
    const survey = (eventId: string, year: number) =>
      recorded({
        kind: 'cultivation-survey',
        eventId,
        revision: 1,
        occurredAt: `${year}-01-01`,
        precision: 'year',
        reportedAt: `${year + 1}-06-30T00:00:00Z`,
        source: { name: 'UNODC', kind: 'government' },
        confidence: 'high',
        region: { code: '0504', level: 'province' },
        year,
        hectares: 100,
        edition: `Monitoreo ${year}`,
      });
    for (const year of [2021, 2022, 2023]) run.feed(survey(`s-${year}`, year), at(`${year}-01-01`));
    expect(run.state.alerts).toEqual({});
  });

  it('keep firing when a late report is itself older than silentFor', () => {
    const run = new Run(silent());
    for (const day of ['2024-01-05', '2024-01-20', '2024-02-01']) run.feed(report(day));
    run.tick(at('2024-04-01'));
    const late = run.feed(report('2024-02-05'), at('2024-04-01'));
    expect(late.every((t) => t.alert.state === 'firing')).toBe(true);
  });

  it('update the days silent while firing, quietly', () => {
    const run = new Run(silent());
    for (const day of ['2024-01-05', '2024-01-20', '2024-02-01']) run.feed(report(day));
    run.tick(at('2024-03-02'));
    const later = run.tick(at('2024-03-05'));
    expect(summaryOf(later)).toEqual(['updated/firing/quiet']);
    expect(later[0]?.alert.summary).toBe('No reports from 0504 for 33 days (last 2024-02-01)');
  });

  it('keep only the last `reports` report days per region', () => {
    const run = new Run(silent());
    for (let day = 1; day <= 28; day += 1) run.feed(report(`2024-02-${String(day).padStart(2, '0')}`));
    const [entry] = Object.values(run.state.alerts);
    expect(entry?.reports?.days).toEqual(['2024-02-26', '2024-02-27', '2024-02-28']);
  });
});
