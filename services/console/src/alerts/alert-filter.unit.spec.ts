import { topicExamples, type Alert } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { alertFilterSchema, matchesFilter } from './alert-filter.ts';
import { formatCursor, parseCursor } from './cursor.ts';

const base = topicExamples['vigia.alerts.v1'];
const at = (code: string, level: Alert['region']['level'], name: string): Alert => ({ ...base, region: { code, level, name } }) as Alert;
const filter = (query: Record<string, string | string[]>) => alertFilterSchema.parse(query);

describe('alert filters', () => {
  it('matches a region and everything inside it, and a zone and the regions it contains', () => {
    const huanta = at('0504', 'province', 'Huanta');
    expect(matchesFilter(huanta, filter({ region: '05' }))).toBe(true);
    expect(matchesFilter(huanta, filter({ region: '0504' }))).toBe(true);
    expect(matchesFilter(huanta, filter({ region: '10' }))).toBe(false);
    expect(matchesFilter(huanta, filter({ zone: 'vraem' }))).toBe(true);
    expect(matchesFilter(at('zone:vraem', 'zone', 'VRAEM'), filter({ zone: 'zone:vraem' }))).toBe(true);
    expect(matchesFilter(at('1501', 'province', 'Lima'), filter({ zone: 'vraem' }))).toBe(false);
  });

  it('takes lists for state and severity, and keeps alerts active at some instant of a time range', () => {
    const firing = { ...base, state: 'firing', severity: 'critical', startsAt: '2024-03-01T00:00:00Z', endsAt: null } as Alert;
    expect(matchesFilter(firing, filter({ state: 'pending,firing', severity: ['warning', 'critical'] }))).toBe(true);
    expect(matchesFilter(firing, filter({ state: 'resolved' }))).toBe(false);
    expect(matchesFilter(firing, filter({ from: '2024-04-01T00:00:00Z' }))).toBe(true);
    expect(matchesFilter(firing, filter({ to: '2024-02-01T00:00:00Z' }))).toBe(false);
    expect(alertFilterSchema.safeParse({ severity: 'loud' }).success).toBe(false);
    expect(alertFilterSchema.safeParse({ from: '2024-05-01T00:00:00Z', to: '2024-04-01T00:00:00Z' }).success).toBe(false);
  });
});

describe('cursors', () => {
  it('round-trips and refuses a cursor of another partition count or with non-offsets', () => {
    expect(parseCursor(formatCursor([12, 0, 7]), 3)).toEqual([12, 0, 7]);
    expect(parseCursor('12.0.7', 12)).toBeUndefined();
    expect(parseCursor('12.x.7', 3)).toBeUndefined();
    expect(parseCursor('-1.0.0', 3)).toBeUndefined();
  });
});
