import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCalendarDate, readOccurredAt, readReportedAt } from './dates.ts';

const receivedAt = '2024-03-15T14:31:07.250Z';

describe('readOccurredAt', () => {
  it.each([
    ['2024-03-14', '2024-03-14', 'day'],
    ['14/03/2024', '2024-03-14', 'day'],
    ['4-3-2024', '2024-03-04', 'day'],
    ['14.03.2024', '2024-03-14', 'day'],
    ['2024-03-14T23:30:00-05:00', '2024-03-14', 'day'],
    ['14 de marzo de 2024', '2024-03-14', 'day'],
    ['14 March 2024', '2024-03-14', 'day'],
    ['March 14, 2024', '2024-03-14', 'day'],
    ['14-Set-2023', '2023-09-14', 'day'],
    ['marzo 2024', '2024-03-01', 'month'],
    ['03/2024', '2024-03-01', 'month'],
    ['2024-02', '2024-02-01', 'month'],
    ['2023', '2023-01-01', 'year'],
    [2023, '2023-01-01', 'year'],
  ] as const)('reads %j as %s (%s)', (input, occurredAt, precision) => {
    expect(readOccurredAt(input, undefined, receivedAt)).toEqual({ ok: true, value: { occurredAt, precision } });
  });

  it('truncates to a coarser precision the report states, but never invents a finer one', () => {
    expect(readOccurredAt('2024-03-14', 'month', receivedAt)).toEqual({ ok: true, value: { occurredAt: '2024-03-01', precision: 'month' } });
    expect(readOccurredAt('2024-03-14', 'year', receivedAt)).toEqual({ ok: true, value: { occurredAt: '2024-01-01', precision: 'year' } });
    expect(readOccurredAt('marzo 2024', 'day', receivedAt).ok).toBe(false);
  });

  it.each(['ayer', '2023-02-29', '31/04/2024', '2024-13-01', '14/03/24', '', '1979-12-31', '2024-03-16', 'abril 2024', 2025])(
    'refuses %j',
    (input) => {
      expect(readOccurredAt(input, undefined, receivedAt).ok).toBe(false);
    },
  );

  it('judges the future by receivedAt, not by the clock', () => {
    expect(readOccurredAt('2030-01-01', undefined, '2030-01-02T00:00:00Z').ok).toBe(true);
    expect(readOccurredAt('2030-01-01', undefined, receivedAt).ok).toBe(false);
  });

  it('never throws, and what it accepts is a real date within range', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.date({ noInvalidDate: true }).map((date) => date.toISOString())), (input) => {
        const reading = readOccurredAt(input, undefined, receivedAt);
        if (reading.ok) {
          expect(reading.value.occurredAt >= '1980-01-01' && reading.value.occurredAt <= '2024-03-15').toBe(true);
          expect(new Date(`${reading.value.occurredAt}T00:00:00Z`).toISOString().slice(0, 10)).toBe(reading.value.occurredAt);
        }
      }),
    );
  });
});

describe('readReportedAt', () => {
  it('defaults to receivedAt and takes Peru time when no offset is written', () => {
    expect(readReportedAt(undefined, '2024-03-14', receivedAt)).toEqual({ ok: true, value: receivedAt });
    expect(readReportedAt('2024-03-15 09:30', '2024-03-14', receivedAt)).toEqual({ ok: true, value: '2024-03-15T09:30:00-05:00' });
    expect(readReportedAt('2024-03-15', '2024-03-14', receivedAt)).toEqual({ ok: true, value: '2024-03-15T00:00:00-05:00' });
    expect(readReportedAt('2024-03-15T09:30:00Z', undefined, receivedAt)).toEqual({ ok: true, value: '2024-03-15T09:30:00Z' });
  });

  it('refuses a report sent before the event, or after it was received', () => {
    expect(readReportedAt('2024-03-13T09:30:00-05:00', '2024-03-14', receivedAt).ok).toBe(false);
    expect(readReportedAt('2024-03-15T16:00:00Z', undefined, receivedAt).ok).toBe(false);
    expect(readReportedAt('2024-03-15T15:00:00Z', undefined, receivedAt).ok).toBe(true); // within the clock-skew allowance
    expect(readReportedAt('2024-03-15T25:00:00Z', undefined, receivedAt).ok).toBe(false);
  });
});

describe('parseCalendarDate', () => {
  it('rejects day-month-year with a two-digit year rather than guess the century', () => {
    expect(parseCalendarDate('14/03/24')).toBeUndefined();
  });
});
