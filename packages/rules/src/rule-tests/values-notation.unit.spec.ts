import { describe, expect, it } from 'vitest';
import { expandValues } from './values-notation.ts';

// promtool's expanding notation, with the examples of its documentation.

describe('expandValues', () => {
  it.each([
    ['1 2 3', [1, 2, 3]],
    ['-2+4x3', [-2, 2, 6, 10]],
    [' 1-2x4', [1, -1, -3, -5, -7]],
    ['2x3', [2, 2, 2, 2]],
    ['1 _ 3', [1, null, 3]],
    ['_x3 0.5', [null, null, null, 0.5]],
    ['1e3 -1.5', [1000, -1.5]],
  ])('expands %j', (text, values) => {
    expect(expandValues(text, 100)).toEqual({ ok: true, values });
  });

  it.each([
    ['', 'no values'],
    ['1 two', '"two" is not a value'],
    ['1x', '"1x" is not a value'],
    ['1x200', 'more than 100 values'],
    ['_x101', 'more than 100 values'],
  ])('refuses %j', (text, message) => {
    const expanded = expandValues(text, 100);
    expect(expanded.ok).toBe(false);
    expect(!expanded.ok && expanded.message).toContain(message);
  });
});
