import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVigiaError } from '@vigia/schemas';
import { dayNumberOf, firstDayOfYear, isoDayOf, lastDayOfYear, yearOf } from './days.ts';

describe('day numbers', () => {
  it('counts days from 1970-01-01 like the UTC calendar', () => {
    expect(dayNumberOf('1970-01-01')).toBe(0);
    expect(dayNumberOf('2020-03-01')).toBe(Date.UTC(2020, 2, 1) / 86_400_000);
    expect(isoDayOf(dayNumberOf('2024-02-29'))).toBe('2024-02-29');
  });

  it('round-trips every day between 1900 and 2200 and agrees with Date.UTC', () => {
    const day = fc.integer({ min: dayNumberOf('1900-01-01'), max: dayNumberOf('2200-12-31') });
    fc.assert(
      fc.property(day, (n) => {
        const iso = isoDayOf(n);
        expect(dayNumberOf(iso)).toBe(n);
        expect(new Date(n * 86_400_000).toISOString().slice(0, 10)).toBe(iso);
        expect(yearOf(n)).toBe(Number(iso.slice(0, 4)));
      }),
    );
  });

  it('knows the first and last day of a year', () => {
    expect(isoDayOf(firstDayOfYear(2020))).toBe('2020-01-01');
    expect(isoDayOf(lastDayOfYear(2020))).toBe('2020-12-31');
  });

  it.each(['2023-02-29', '2024-13-01', '2024-1-01', '2024-01-01T00:00:00Z', ''])('rejects %j', (text) => {
    let thrown: unknown;
    try {
      dayNumberOf(text);
    } catch (error) {
      thrown = error;
    }
    expect(isVigiaError(thrown, 'VIGIA_INDICATORS_DAY_INVALID')).toBe(true);
  });
});
