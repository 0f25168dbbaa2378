import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ewmaOf, zScoreOf } from './ewma.ts';
import { percentChange, percentShare } from './growth.ts';

describe('growth', () => {
  it("gives Peru's 2019 → 2020 coca growth as +22.5 % (72,000 → 88,200 ha)", () => {
    expect(percentChange(88_200, 72_000)).toBeCloseTo(22.5, 10);
  });

  it('has no growth without a positive previous figure', () => {
    expect(percentChange(500, undefined)).toBeUndefined();
    expect(percentChange(500, 0)).toBeUndefined();
    expect(percentShare(5, 0)).toBeUndefined();
  });

  it('is always finite when defined', () => {
    const amount = fc.double({ min: 0, max: 1e9, noNaN: true });
    fc.assert(
      fc.property(amount, fc.option(amount, { nil: undefined }), (current, previous) => {
        const change = percentChange(current, previous);
        if (change !== undefined) expect(Number.isFinite(change)).toBe(true);
        const share = percentShare(current, previous);
        if (share !== undefined) expect(Number.isFinite(share)).toBe(true);
      }),
    );
  });
});

describe('EWMA', () => {
  it('starts at the first sample and weighs newer samples by alpha', () => {
    expect(ewmaOf([10], 0.5)).toEqual({ mean: 10, variance: 0 });
    // mean: 10 → 10 + 0.5·(20 − 10) = 15; variance: 0.5 · (0 + 10 · 5) = 25
    expect(ewmaOf([10, 20], 0.5)).toEqual({ mean: 15, variance: 25 });
    expect(ewmaOf([], 0.3)).toBeUndefined();
  });

  it('equals the sample itself when alpha is 1', () => {
    expect(ewmaOf([3, 9, 4], 1)?.mean).toBe(4);
  });

  it('gives no z-score for a flat history instead of an infinite one', () => {
    const flat = ewmaOf([0, 0, 0, 0], 0.3)!;
    expect(zScoreOf(5, flat)).toBeUndefined();
    expect(zScoreOf(15, ewmaOf([10, 20], 0.5)!)).toBe(0);
    expect(zScoreOf(20, ewmaOf([10, 20], 0.5)!)).toBe(1);
  });

  it('stays within the range of its samples', () => {
    const samples = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(samples, fc.double({ min: 0.01, max: 1, noNaN: true }), (values, alpha) => {
        const { mean, variance } = ewmaOf(values, alpha)!;
        expect(mean).toBeGreaterThanOrEqual(Math.min(...values) - 1e-6);
        expect(mean).toBeLessThanOrEqual(Math.max(...values) + 1e-6);
        expect(variance).toBeGreaterThanOrEqual(-1e-6);
      }),
    );
  });
});
