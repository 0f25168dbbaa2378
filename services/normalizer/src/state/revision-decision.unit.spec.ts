import fc from 'fast-check';
import type { CanonicalEvent, Incident } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { canonicalJson, decideRevision, sameContent } from './revision-decision.ts';

const massKilling: Incident = {
  kind: 'incident',
  eventId: 'vizcatan-2023-05',
  revision: 1,
  occurredAt: '2023-05-21',
  precision: 'day',
  reportedAt: '2023-05-22T08:00:00-05:00',
  source: { name: 'Comando Especial VRAEM', kind: 'military' },
  confidence: 'medium',
  location: { ubigeo: '050410', level: 'district' },
  incidentType: 'mass-killing',
  casualties: {
    securityForces: { killed: 0, injured: 0 },
    civilians: { killed: 14, injured: 0 },
    armedGroups: { killed: 0, injured: 0 },
  },
  actors: [],
};

const withDead = (revision: number, killed: number): Incident => ({
  ...massKilling,
  revision,
  reportedAt: `2023-05-2${revision + 1}T08:00:00-05:00`,
  casualties: { ...massKilling.casualties, civilians: { killed, injured: 0 } },
});

describe('decideRevision', () => {
  it('records the first version of an event', () => {
    expect(decideRevision(undefined, massKilling)).toEqual({ kind: 'publish', change: { type: 'event.recorded', event: massKilling } });
  });

  it('publishes each higher revision with the version it replaces: 14, then 16, then 18 dead', () => {
    let current: CanonicalEvent | undefined;
    const changes = [withDead(1, 14), withDead(2, 16), withDead(3, 18)].map((candidate) => {
      const outcome = decideRevision(current, candidate);
      if (outcome.kind !== 'publish') throw new Error(outcome.message);
      current = candidate;
      return outcome.change;
    });
    expect(changes.map((change) => change.type)).toEqual(['event.recorded', 'event.revised', 'event.revised']);
    expect(changes[2]).toEqual({ type: 'event.revised', previous: withDead(2, 16), current: withDead(3, 18) });
  });

  it('calls a re-sent report a duplicate, even when it was received at another time', () => {
    const resent = { ...massKilling, reportedAt: '2023-05-23T10:00:00Z' };
    expect(decideRevision(massKilling, resent)).toMatchObject({ kind: 'reject', reason: 'DUPLICATE_REPORT' });
  });

  it('refuses a lower revision, or the same revision with other content', () => {
    expect(decideRevision(withDead(2, 16), withDead(1, 14))).toMatchObject({ kind: 'reject', reason: 'REVISION_STALE' });
    expect(decideRevision(withDead(2, 16), withDead(2, 17))).toMatchObject({
      kind: 'reject',
      reason: 'REVISION_STALE',
      message: expect.stringContaining('revision 3'),
    });
  });

  it('decides by revision alone when versions differ, whatever the content', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), fc.nat(100), fc.nat(100), (a, b, killedA, killedB) => {
        const outcome = decideRevision(withDead(a, killedA), withDead(b, killedB));
        if (b > a) expect(outcome).toMatchObject({ kind: 'publish', change: { type: 'event.revised' } });
        else if (b < a || killedA !== killedB) expect(outcome).toMatchObject({ kind: 'reject', reason: 'REVISION_STALE' });
        else expect(outcome).toMatchObject({ kind: 'reject', reason: 'DUPLICATE_REPORT' });
      }),
    );
  });
});

describe('sameContent', () => {
  it('ignores key order and reportedAt only', () => {
    const reordered = JSON.parse(canonicalJson(massKilling)) as Incident;
    expect(sameContent(massKilling, reordered)).toBe(true);
    expect(sameContent(massKilling, { ...massKilling, confidence: 'high' })).toBe(false);
    expect(sameContent(massKilling, { ...massKilling, notes: 'x' })).toBe(false);
  });
});
