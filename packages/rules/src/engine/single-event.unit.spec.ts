import { describe, expect, it } from 'vitest';
import { at, engineWith, incident, recorded, retracted, revised, Run, seizure, summaryOf } from '../testing/fixtures.ts';

// Single-event rules: one event crossing a bound is worth an alert by itself.

const massCasualty = () =>
  engineWith(
    `
  - id: mass-casualty-event
    kind: single-event
    severity: critical
    appliesTo: { levels: [department] }
    event: incident
    measure: fatalities
    when: { atLeast: 5 }
    keepFiringFor: 7d
    summary: '{{value}} killed in one {{event_type}} at {{place}} ({{region}}), {{occurred_at}}'
`,
    { regionName: (code) => ({ '05': 'Ayacucho' })[code] },
  );

const largeSeizure = (extra = '') =>
  engineWith(`
  - id: large-cocaine-seizure
    kind: single-event
    severity: warning
    appliesTo: { levels: [department] }
    event: seizure
    measure: quantity
    substance: cocaine-hydrochloride
    when: { atLeast: 1000 }
    ${extra}
    summary: '{{value}} kg of cocaine at {{place}}'
`);

describe('single-event rules', () => {
  it('fire at once for an incident with five or more dead, with the event as evidence', () => {
    const run = new Run(massCasualty());
    const fired = run.feed(recorded(incident({ eventId: 'pnp-2024-1', killed: 5 })));
    expect(summaryOf(fired)).toEqual(['firing/firing/notify']);
    expect(fired[0]?.alert).toMatchObject({
      ruleKind: 'single-event',
      region: { code: '05', level: 'department', name: 'Ayacucho' },
      labels: { event_id: 'pnp-2024-1', region: '05' },
      summary: '5 killed in one ambush at Llochegua (Ayacucho), 2024-03-14',
      evidence: { indicators: [], eventIds: ['pnp-2024-1'] },
      startsAt: '2024-03-14T00:00:00Z',
    });
  });

  it('ignore events below the bound and keep no state for them', () => {
    const run = new Run(massCasualty());
    expect(run.feed(recorded(incident({ killed: 4 })))).toEqual([]);
    expect(run.state.alerts).toEqual({});
  });

  it('update the alert quietly as revisions raise the toll (14 → 16 → 18)', () => {
    const run = new Run(massCasualty());
    const v1 = incident({ killed: 14 });
    const v2 = incident({ killed: 16, revision: 2 });
    const v3 = incident({ killed: 18, revision: 3 });
    run.feed(recorded(v1));
    const updates = [...run.feed(revised(v1, v2)), ...run.feed(revised(v2, v3))];
    expect(summaryOf(updates)).toEqual(['updated/firing/quiet', 'updated/firing/quiet']);
    expect(updates[1]?.alert.summary).toMatch(/^18 killed/);
  });

  it('resolve when a revision drops below the bound or the event is retracted', () => {
    const run = new Run(massCasualty());
    const v1 = incident({ killed: 6 });
    run.feed(recorded(v1));
    expect(summaryOf(run.feed(revised(v1, incident({ killed: 2, revision: 2 }))))).toEqual(['resolved/resolved/notify']);

    const other = new Run(massCasualty());
    other.feed(recorded(v1));
    expect(summaryOf(other.feed(retracted(v1), at('2024-03-16')))).toEqual(['resolved/resolved/notify']);
  });

  it('resolve by itself keepFiringFor after it was first seen, and ignore later revisions', () => {
    const run = new Run(massCasualty());
    const v1 = incident({ killed: 6 });
    run.feed(recorded(v1), at('2024-03-15'));
    expect(run.tick(at('2024-03-21'))).toEqual([]);
    const expired = run.tick(at('2024-03-22'));
    expect(summaryOf(expired)).toEqual(['resolved/resolved/notify']);
    expect(expired[0]?.alert.endsAt).toBe('2024-03-22T00:00:00Z');
    expect(run.feed(revised(v1, incident({ killed: 9, revision: 2 })), at('2024-03-25'))).toEqual([]);
  });

  it('page for a massacre reported late: the 7 days run from when it was seen', () => {
    const run = new Run(massCasualty());
    const fired = run.feed(recorded(incident({ killed: 7, occurredAt: '2024-03-01' })), at('2024-03-20'));
    expect(summaryOf(fired)).toEqual(['firing/firing/notify']);
    expect(run.tick(at('2024-03-26'))).toEqual([]);
  });

  it('give each event its own alert', () => {
    const run = new Run(massCasualty());
    const a = run.feed(recorded(incident({ eventId: 'a', killed: 5 })));
    const b = run.feed(recorded(incident({ eventId: 'b', killed: 5 })));
    expect(a[0]?.alert.fingerprint).not.toBe(b[0]?.alert.fingerprint);
    expect(run.all.filter((t) => t.notify)).toHaveLength(2);
  });

  it('resolve the old region when a revision moves the event', () => {
    const run = new Run(massCasualty());
    const v1 = incident({ killed: 6 });
    const moved = incident({ killed: 6, revision: 2, location: { ubigeo: '120101', level: 'district' } });
    run.feed(recorded(v1));
    const transitions = run.feed(revised(v1, moved));
    expect(transitions.map((t) => [t.change, t.alert.region.code])).toEqual([
      ['firing', '12'],
      ['resolved', '05'],
    ]);
  });

  it('fire for a seizure of one tonne of cocaine and not for 999 kg', () => {
    const run = new Run(largeSeizure());
    expect(run.feed(recorded(seizure({ eventId: 's-small', cocaineKg: 999 })))).toEqual([]);
    const fired = run.feed(recorded(seizure({ eventId: 's-big', cocaineKg: 1_000 })));
    expect(summaryOf(fired)).toEqual(['firing/firing/notify']);
    expect(fired[0]?.alert.summary).toBe('1,000 kg of cocaine at Pucallpa');
  });

  it('add up the items of the substance in the rule unit only', () => {
    const run = new Run(largeSeizure());
    const item = (substance: 'cocaine-hydrochloride' | 'cocaine-base-paste', kg: number) => ({
      substance,
      quantity: { value: kg, unit: 'kg' as const },
      original: { value: kg, unit: 'kg' },
    });
    const mixed = seizure({
      items: [item('cocaine-hydrochloride', 600), item('cocaine-base-paste', 900), item('cocaine-hydrochloride', 400)],
    });
    expect(summaryOf(run.feed(recorded(mixed)))).toEqual(['firing/firing/notify']);
    const paste = seizure({ eventId: 'paste', items: [item('cocaine-base-paste', 5_000)] });
    expect(run.feed(recorded(paste))).toEqual([]);
  });

  it('filter by incident type and confidence', () => {
    const run = new Run(
      engineWith(`
  - id: deadly-clash
    kind: single-event
    severity: warning
    event: incident
    incidentTypes: [armed-clash]
    minConfidence: medium
    measure: fatalities-security-forces
    when: { atLeast: 1 }
    appliesTo: { levels: [department] }
    summary: '{{value}} officers killed'
`),
    );
    expect(run.feed(recorded(incident({ eventId: 'x1', killed: 2 })))).toEqual([]);
    expect(run.feed(recorded(incident({ eventId: 'x2', killed: 2, incidentType: 'armed-clash', confidence: 'low' })))).toEqual([]);
    expect(summaryOf(run.feed(recorded(incident({ eventId: 'x3', killed: 2, incidentType: 'armed-clash' }))))).toEqual(['firing/firing/notify']);
  });

  it('forget resolved event alerts after the retention period, with a tombstone', () => {
    const engine = massCasualty();
    const run = new Run(engine);
    run.feed(recorded(incident({ killed: 6 })));
    run.tick(at('2024-03-22'));
    const result = engine.evaluate(run.state, { type: 'tick' }, at('2024-06-21'));
    expect(result.state.alerts).toEqual({});
    expect(result.stateChanges.map((change) => change.entry)).toEqual([null]);
  });
});
