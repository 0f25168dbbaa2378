import { describe, expect, it } from 'vitest';
import { abortTransaction, startTransaction } from '../state/journal.ts';
import { dayNumberOf } from '../time/days.ts';
import { incident, recorded, retracted, revised, survey, testTargetRegions } from '../testing/fixtures.ts';
import { admitChange, advanceLedger, createChangeLedger, fanOut, restoreChangeLedger } from './change-ledger.ts';

const first = incident({ eventId: 'inc-9', civiliansKilled: 14, type: 'mass-killing' });
const second = { ...first, revision: 2, casualties: { ...first.casualties, civilians: { killed: 16, injured: 0 } } };
const third = { ...first, revision: 3, casualties: { ...first.casualties, civilians: { killed: 18, injured: 0 } } };

const parts = (admitted: ReturnType<typeof admitChange>) => ({ subtract: admitted.subtract?.revision, add: admitted.add?.revision });

describe('change ledger', () => {
  it('drops a change delivered twice', () => {
    const ledger = createChangeLedger();
    expect(fanOut(ledger, recorded(first), testTargetRegions)).toHaveLength(5);
    expect(fanOut(ledger, recorded(first), testTargetRegions)).toEqual([]);
    expect(parts(admitChange(ledger, revised(first, second)))).toEqual({ subtract: 1, add: 2 });
    expect(parts(admitChange(ledger, revised(first, second)))).toEqual({ subtract: undefined, add: undefined });
  });

  it('applies a revision that overtook the first report as the revision alone, and then ignores the first report', () => {
    const ledger = createChangeLedger();
    expect(parts(admitChange(ledger, revised(first, second)))).toEqual({ subtract: undefined, add: 2 });
    expect(parts(admitChange(ledger, recorded(first)))).toEqual({ subtract: undefined, add: undefined });
    expect(parts(admitChange(ledger, revised(second, third)))).toEqual({ subtract: 2, add: 3 });
  });

  it('never subtracts what it did not add (a replay starting after the first report)', () => {
    const ledger = createChangeLedger();
    expect(parts(admitChange(ledger, retracted(second)))).toEqual({ subtract: undefined, add: undefined });
    expect(parts(admitChange(ledger, revised(first, second)))).toEqual({ subtract: undefined, add: undefined });
  });

  it('forgets an event once all its versions are older than the retention, surveys by year', () => {
    const ledger = createChangeLedger({ dailyRetentionDays: 400, surveyRetentionYears: 5 });
    admitChange(ledger, recorded(incident({ eventId: 'old', day: '2024-01-01' })));
    admitChange(ledger, recorded(survey({ eventId: 'survey-PE-2024', region: 'PE', year: 2024, hectares: 1 })));
    // a survey's 1 January never moves the ledger's time: only daily events do
    expect(ledger.streamDay).toBe(dayNumberOf('2024-01-01'));
    expect(advanceLedger(ledger, dayNumberOf('2025-02-03'))).toBe(0);
    expect(advanceLedger(ledger, dayNumberOf('2025-02-04'))).toBe(1);
    expect([...ledger.entries.keys()]).toEqual(['survey-PE-2024']);
    expect(advanceLedger(ledger, dayNumberOf('2030-01-01'))).toBe(1);
    expect(ledger.entries.size).toBe(0);
    expect(ledger.expiring.size).toBe(0);
    // a version already behind the horizon is neither applied nor remembered
    expect(parts(admitChange(ledger, recorded(incident({ eventId: 'ancient', day: '2024-06-01' }))))).toEqual({ subtract: undefined, add: undefined });
    expect(ledger.entries.has('ancient')).toBe(false);
  });

  it('forgets an aborted transaction, stream time included', () => {
    const ledger = createChangeLedger();
    admitChange(ledger, recorded(first));
    const before = { entries: [...ledger.entries], expiring: [...ledger.expiring].map(([d, ids]) => [d, [...ids]]), streamDay: ledger.streamDay };
    startTransaction(ledger);
    admitChange(ledger, revised(first, second));
    admitChange(ledger, recorded(incident({ eventId: 'later', day: '2026-01-01' })));
    abortTransaction(ledger);
    expect({ entries: [...ledger.entries], expiring: [...ledger.expiring].map(([d, ids]) => [d, [...ids]]), streamDay: ledger.streamDay }).toEqual(before);
    expect(parts(admitChange(ledger, revised(first, second)))).toEqual({ subtract: 1, add: 2 });
  });

  it('restores from persisted entries and keeps suppressing duplicates', () => {
    const ledger = createChangeLedger();
    admitChange(ledger, recorded(first));
    const restored = restoreChangeLedger([...ledger.entries], ledger.streamDay);
    expect(parts(admitChange(restored, recorded(first)))).toEqual({ subtract: undefined, add: undefined });
    expect(parts(admitChange(restored, revised(first, second)))).toEqual({ subtract: 1, add: 2 });
  });
});
