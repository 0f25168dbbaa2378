import { describe, expect, it } from 'vitest';
import { contributionSchema, type Contribution } from '@vigia/schemas';
import { targetRegions } from '@vigia/geo';
import { incident, recorded, regionOf, retracted, revised, survey, testTargetRegions } from '../testing/fixtures.ts';
import { contributionsOf } from './contributions.ts';

const summary = (contributions: Contribution[]) =>
  contributions.map((c) => ({ target: c.target.code, day: c.day, count: c.eventCountDelta, deltas: c.deltas }));

describe('fan-out of event changes', () => {
  it('sends a recorded incident to its district, ancestors, the nation and containing zones', () => {
    // given an armed clash in district 050201, inside zone:vraem
    const change = recorded(incident({ ubigeo: '050201', securityKilled: 1 }));
    // when it is fanned out
    const contributions = contributionsOf(change, testTargetRegions);
    // then each target region gets one +1 contribution for the event's day
    expect(contributions.map((c) => c.target.code)).toEqual(['050201', '0502', '05', 'PE', 'zone:vraem']);
    for (const contribution of contributions) {
      expect(contributionSchema.parse(contribution)).toEqual(contribution);
      expect(contribution).toMatchObject({ eventId: 'inc-1', revision: 1, day: '2024-03-14', eventCountDelta: 1 });
      expect(contribution.deltas).toMatchObject({ 'incidents.count': 1, 'fatalities.security-forces': 1 });
    }
  });

  it('also counts towards the zone the report names when the place is coarser than the zone', () => {
    const contributions = contributionsOf(recorded(incident({ ubigeo: '05', zone: 'zone:vraem' })), testTargetRegions);
    expect(contributions.map((c) => c.target.code)).toEqual(['05', 'PE', 'zone:vraem']);
  });

  it('nets a revision of amounts on the same day into one contribution that keeps the event count', () => {
    // given a mass killing first reported with 14 dead, then 16
    const first = incident({ type: 'mass-killing', civiliansKilled: 14, ubigeo: '120101' });
    const second = { ...first, revision: 2, casualties: { ...first.casualties, civilians: { killed: 16, injured: 0 } } };
    // when the revision is fanned out
    const contributions = contributionsOf(revised(first, second), testTargetRegions);
    // then every region gets +2 fatalities and no change in event count
    expect(summary(contributions)).toEqual(
      ['120101', '1201', '12', 'PE', 'zone:vraem'].map((target) => ({
        target,
        day: '2024-03-14',
        count: 0,
        deltas: { 'fatalities.total': 2, 'fatalities.civilians': 2 },
      })),
    );
    expect(contributions.every((c) => c.revision === 2)).toBe(true);
  });

  it('moves an event between days and regions with a -1 and a +1', () => {
    const before = incident({ ubigeo: '050101', day: '2024-03-14' });
    const after = { ...before, revision: 2, occurredAt: '2024-03-15', location: { ubigeo: '050102', level: 'district' as const } };
    const contributions = contributionsOf(revised(before, after), testTargetRegions);
    expect(summary(contributions).map(({ target, day, count }) => `${target}@${day}:${count}`)).toEqual([
      '050101@2024-03-14:-1',
      '0501@2024-03-14:-1',
      '05@2024-03-14:-1',
      'PE@2024-03-14:-1',
      'zone:huallaga@2024-03-14:-1',
      '050102@2024-03-15:1',
      '0501@2024-03-15:1',
      '05@2024-03-15:1',
      'PE@2024-03-15:1',
    ]);
  });

  it('keeps a reclassification as a -1 and a +1 so each type bucket counts its own events', () => {
    const clash = incident({ type: 'armed-clash', ubigeo: 'zone:vraem' as never });
    const ambush = { ...clash, revision: 2, incidentType: 'ambush' as const };
    const [removed, added] = contributionsOf(revised(clash, ambush), () => [regionOf('PE')]);
    expect(removed).toMatchObject({ eventCountDelta: -1, deltas: { 'incidents.armed-clash.count': -1, 'incidents.count': -1 } });
    expect(added).toMatchObject({ eventCountDelta: 1, deltas: { 'incidents.ambush.count': 1, 'incidents.count': 1 } });
  });

  it('emits nothing for a revision that changes no metric (e.g. only the notes)', () => {
    const first = incident();
    expect(contributionsOf(revised(first, { ...first, revision: 2, notes: 'typo fixed' }), testTargetRegions)).toEqual([]);
  });

  it('subtracts a retracted event everywhere it counted, never as -0', () => {
    const contributions = contributionsOf(retracted(incident({ ubigeo: '0502' })), testTargetRegions);
    expect(contributions.map((c) => c.target.code)).toEqual(['0502', '05', 'PE', 'zone:vraem']);
    for (const contribution of contributions) {
      expect(contribution.eventCountDelta).toBe(-1);
      expect(contribution.deltas['incidents.count']).toBe(-1);
      expect(Object.is(contribution.deltas['fatalities.total'], -0)).toBe(false);
    }
  });

  it('counts a survey only for the surveyed region and copies a national survey to the share regions', () => {
    const shareRegions = [regionOf('zone:vraem'), regionOf('05'), regionOf('PE')];
    const zone = contributionsOf(recorded(survey({ region: 'zone:vraem', year: 2020, hectares: 26_000 })), testTargetRegions, { shareRegions });
    expect(summary(zone)).toEqual([{ target: 'zone:vraem', day: '2020-01-01', count: 1, deltas: { 'cultivation.coca.ha': 26_000 } }]);
    const national = contributionsOf(recorded(survey({ region: 'PE', year: 2020, hectares: 88_200 })), testTargetRegions, { shareRegions });
    expect(summary(national)).toEqual([
      { target: 'PE', day: '2020-01-01', count: 1, deltas: { 'cultivation.coca.ha': 88_200 } },
      { target: 'zone:vraem', day: '2020-01-01', count: 1, deltas: { 'cultivation.coca.national-ha': 88_200 } },
      { target: '05', day: '2020-01-01', count: 1, deltas: { 'cultivation.coca.national-ha': 88_200 } },
    ]);
  });

  it("fans out over @vigia/geo's gazetteer when given its targetRegions", () => {
    // Santa Rosa, La Mar (Ayacucho) lies in the VRAEM
    const contributions = contributionsOf(recorded(incident({ ubigeo: '050507' })), targetRegions);
    expect(contributions.map((c) => c.target)).toEqual([
      { code: '050507', level: 'district' },
      { code: '0505', level: 'province' },
      { code: '05', level: 'department' },
      { code: 'PE', level: 'national' },
      { code: 'zone:vraem', level: 'zone' },
    ]);
  });
});
