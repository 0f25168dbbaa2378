import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNumber } from './numbers.ts';

describe('readNumber', () => {
  it.each([
    [12, 12],
    ['12', 12],
    [' 30.04 ', 30.04],
    ['30,5', 30.5],
    ['1,234,567.89', 1234567.89],
    ['1.234.567,89', 1234567.89],
    ['12,000.50', 12000.5],
    ['1 500', 1500],
    ['0.250', 0.25],
    ['-3', -3],
    ['1e3', 1000],
  ])('reads %j as %d', (input, expected) => {
    expect(readNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['1,500', '1.500', '12.345', '999,000'])('refuses %j: it reads differently in each convention', (input) => {
    expect(readNumber(input)).toEqual({ ok: false, problem: 'ambiguous' });
  });

  it.each(['', 'abc', '1,2,3', '1.2.3,4.5', '12 kg', '--1', true, null, {}, [], '١٢'])('refuses %j', (input) => {
    expect(readNumber(input).ok).toBe(false);
  });

  it('refuses NaN and infinities', () => {
    expect(readNumber(Number.NaN)).toEqual({ ok: false, problem: 'not-finite' });
    expect(readNumber(Number.POSITIVE_INFINITY)).toEqual({ ok: false, problem: 'not-finite' });
    expect(readNumber('1e999')).toEqual({ ok: false, problem: 'not-finite' });
  });

  it('reads back every finite number it is given as text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const reading = readNumber(String(value));
        expect(reading).toEqual({ ok: true, value: value === 0 ? 0 : value });
      }),
    );
  });

  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string(), (text) => void readNumber(text)));
  });
});
