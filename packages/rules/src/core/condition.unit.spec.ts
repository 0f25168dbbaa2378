import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionOperators, holds, isHysteresisBand, type Condition } from './condition.ts';

const condition: fc.Arbitrary<Condition> = fc.record({
  operator: fc.constantFrom(...conditionOperators),
  value: fc.integer({ min: -20, max: 20 }),
});

describe('conditions', () => {
  it('compare strictly or not as named', () => {
    expect(holds({ operator: 'above', value: 15 }, 15)).toBe(false);
    expect(holds({ operator: 'atLeast', value: 15 }, 15)).toBe(true);
    expect(holds({ operator: 'below', value: 1 }, 1)).toBe(false);
    expect(holds({ operator: 'atMost', value: 1 }, 1)).toBe(true);
  });

  it('accept a resolve condition only if no value both fires and resolves (property)', () => {
    fc.assert(
      fc.property(condition, condition, (when, resolve) => {
        // integers and their midpoints cover every boundary case of integer bounds
        const probes = Array.from({ length: 81 }, (_, i) => -20 + i / 2);
        const overlaps = probes.some((value) => holds(when, value) && holds(resolve, value));
        const opposite = (when.operator === 'above' || when.operator === 'atLeast') !== (resolve.operator === 'above' || resolve.operator === 'atLeast');
        expect(isHysteresisBand(when, resolve)).toBe(opposite && !overlaps);
      }),
    );
  });
});
