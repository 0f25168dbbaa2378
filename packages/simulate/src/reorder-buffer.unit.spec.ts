import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReorderBuffer } from './reorder-buffer.ts';

describe('ReorderBuffer', () => {
  it('releases records in (arrival, seq) order and never holds more than its capacity', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 200 }), fc.integer({ min: 1, max: 300 }), (arrivals, capacity) => {
        const buffer = new ReorderBuffer<{ arrivalMinute: number; seq: number }>(capacity);
        const out: { arrivalMinute: number; seq: number }[] = [];
        arrivals.forEach((arrivalMinute, seq) => {
          const overflow = buffer.push({ arrivalMinute, seq });
          if (overflow !== undefined) out.push(overflow);
          expect(buffer.size).toBeLessThanOrEqual(capacity);
        });
        const overflowed = out.length;
        for (let item = buffer.pop(); item !== undefined; item = buffer.pop()) out.push(item);
        expect(out).toHaveLength(arrivals.length);
        // With enough room the output is exactly sorted.
        if (capacity >= arrivals.length) {
          expect(overflowed).toBe(0);
          expect(out).toEqual([...out].sort((a, b) => a.arrivalMinute - b.arrivalMinute || a.seq - b.seq));
        }
      }),
    );
  });

  it('lets go only of records that arrived before the given minute', () => {
    const buffer = new ReorderBuffer<{ arrivalMinute: number; seq: number }>(10);
    buffer.push({ arrivalMinute: 5, seq: 1 });
    buffer.push({ arrivalMinute: 3, seq: 2 });
    expect(buffer.popArrivedBefore(4)).toEqual({ arrivalMinute: 3, seq: 2 });
    expect(buffer.popArrivedBefore(4)).toBeUndefined();
  });
});
