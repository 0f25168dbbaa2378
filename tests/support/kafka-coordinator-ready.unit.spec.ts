import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupIdsCoveringPartitions, javaStringHash, offsetsPartitionOf } from './kafka-coordinator-ready.ts';

describe('javaStringHash', () => {
  // Values of java.lang.String#hashCode.
  it.each([
    ['', 0],
    ['hello', 99_162_322],
    ['vigia', 112_205_868],
    ['polygenelubricants', -2_147_483_648],
  ])('hashes "%s" as Java does', (text, hash) => expect(javaStringHash(text)).toBe(hash));
});

describe('offsetsPartitionOf', () => {
  it("keeps Integer.MIN_VALUE in range, as Kafka's Utils.abs does", () => {
    expect(offsetsPartitionOf('polygenelubricants', 50)).toBe(0);
  });
});

describe('groupIdsCoveringPartitions', () => {
  it('names one group on every partition', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (partitions) => {
        const ids = groupIdsCoveringPartitions(partitions);
        expect(new Set(ids.map((id) => offsetsPartitionOf(id, partitions))).size).toBe(partitions);
        expect(ids).toHaveLength(partitions);
      }),
    );
  });
});
