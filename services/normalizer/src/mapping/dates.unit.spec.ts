import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultFutureToleranceMs, parseCalendarDate, readOccurredAt, readReportedAt, readSurveyYear } from './dates.ts';

const receivedAt = '2024-03-15T14:31:07.250Z';
/** Judged against the receive time with no tolerance: the strictest bound. */
const strict = { reportedAt: receivedAt, futureToleranceMs: 0 };

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
    expect(readOccurredAt(input, undefined, strict)).toEqual({ ok: true, value: { occurredAt, precision } });
  });

  it('truncates to a coarser precision the report states, but never invents a finer one', () => {
    expect(readOccurredAt('2024-03-14', 'month', strict)).toEqual({ ok: true, value: { occurredAt: '2024-03-01', precision: 'month' } });
    expect(readOccurredAt('2024-03-14', 'year', strict)).toEqual({ ok: true, value: { occurredAt: '2024-01-01', precision: 'year' } });
    expect(readOccurredAt('marzo 2024', 'day', strict).ok).toBe(false);
  });

  it.each(['ayer', '2023-02-29', '31/04/2024', '2024-13-01', '14/03/24', '', '1979-12-31', '2024-03-16', 'abril 2024', 2025])('refuses %j', (input) => {
    expect(readOccurredAt(input, undefined, strict).ok).toBe(false);
  });

  it('judges the future by the report time, not by the clock', () => {
    expect(readOccurredAt('2030-01-01', undefined, { reportedAt: '2030-01-02T00:00:00Z', futureToleranceMs: 0 }).ok).toBe(true);
    expect(readOccurredAt('2030-01-01', undefined, strict)).toMatchObject({ ok: false, problem: 'future' });
  });

  it('allows an event dated up to the tolerance after its report, and no further', () => {
    const bound = { reportedAt: '2024-03-15T09:30:00-05:00', futureToleranceMs: defaultFutureToleranceMs };
    expect(defaultFutureToleranceMs).toBe(86_400_000);
    expect(readOccurredAt('2024-03-16', undefined, bound).ok).toBe(true);
    const dayAfter = readOccurredAt('2024-03-17', undefined, bound);
    expect(dayAfter).toMatchObject({ ok: false, problem: 'future' });
    expect(!dayAfter.ok && dayAfter.message).toContain('at most 1 day after its report (until 2024-03-16)');
    // A typo that would drag event time years ahead.
    expect(readOccurredAt('2042-03-14', undefined, bound)).toMatchObject({ ok: false, problem: 'future' });
    const week = { ...bound, futureToleranceMs: 7 * 86_400_000 };
    expect(readOccurredAt('2024-03-22', undefined, week).ok).toBe(true);
    expect(readOccurredAt('2024-03-23', undefined, week)).toMatchObject({ ok: false, problem: 'future' });
  });

  it('tells a malformed date from a future one', () => {
    expect(readOccurredAt('2023-02-29', undefined, strict)).toMatchObject({ ok: false, problem: 'invalid' });
    expect(readOccurredAt('1979-12-31', undefined, strict)).toMatchObject({ ok: false, problem: 'invalid' });
  });

  it('never throws, and what it accepts is a real date within range', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.integer(),
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
        ),
        (input) => {
          const reading = readOccurredAt(input, undefined, strict);
          if (reading.ok) {
            expect(reading.value.occurredAt >= '1980-01-01' && reading.value.occurredAt <= '2024-03-15').toBe(true);
            expect(new Date(`${reading.value.occurredAt}T00:00:00Z`).toISOString().slice(0, 10)).toBe(reading.value.occurredAt);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('readSurveyYear', () => {
  it('accepts a year up to the year of the report, never after it', () => {
    expect(readSurveyYear('2024', '2025-06-26T10:00:00-05:00')).toEqual({ ok: true, value: { occurredAt: '2024-01-01', precision: 'year' } });
    expect(readSurveyYear(2025, '2025-06-26T10:00:00-05:00').ok).toBe(true);
    expect(readSurveyYear(2026, '2025-06-26T10:00:00-05:00')).toMatchObject({ ok: false, problem: 'future' });
    // The year as the publisher wrote it: late on 31 December in Lima is still that year.
    expect(readSurveyYear(2025, '2024-12-31T23:00:00-05:00')).toMatchObject({ ok: false, problem: 'future' });
    expect(readSurveyYear('el año pasado', '2025-06-26T10:00:00-05:00')).toMatchObject({ ok: false, problem: 'invalid' });
  });
});

describe('readReportedAt', () => {
  it('defaults to receivedAt and takes Peru time when no offset is written', () => {
    expect(readReportedAt(undefined, receivedAt)).toEqual({ ok: true, value: receivedAt });
    expect(readReportedAt('2024-03-15 09:30', receivedAt)).toEqual({ ok: true, value: '2024-03-15T09:30:00-05:00' });
    expect(readReportedAt('2024-03-15', receivedAt)).toEqual({ ok: true, value: '2024-03-15T00:00:00-05:00' });
    expect(readReportedAt('2024-03-15T09:30:00Z', receivedAt)).toEqual({ ok: true, value: '2024-03-15T09:30:00Z' });
  });

  it('refuses a report time after the record was received, beyond the clock-skew allowance', () => {
    expect(readReportedAt('2024-03-15T16:00:00Z', receivedAt)).toMatchObject({ ok: false, problem: 'future' });
    expect(readReportedAt('2024-03-15T15:00:00Z', receivedAt).ok).toBe(true); // within the clock-skew allowance
    expect(readReportedAt('2024-03-15T25:00:00Z', receivedAt)).toMatchObject({ ok: false, problem: 'invalid' });
  });
});

describe('parseCalendarDate', () => {
  it('rejects day-month-year with a two-digit year rather than guess the century', () => {
    expect(parseCalendarDate('14/03/24')).toBeUndefined();
  });
});
