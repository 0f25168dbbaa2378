import fc from 'fast-check';
import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey, toPositive } from './partitioner.ts';

const encoder = new TextEncoder();

describe('murmur2', () => {
  // The cases of Kafka's own UtilsTest.testMurmur2 (clients/src/test/.../utils/UtilsTest.java).
  const javaCases: ReadonlyArray<readonly [string, number]> = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];

  it.each(javaCases)('hashes %j like Kafka Utils.murmur2', (input, expected) => {
    expect(murmur2(encoder.encode(input))).toBe(expected);
  });

  it('returns a signed 32-bit integer for any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const h = murmur2(bytes);
        return Number.isInteger(h) && h >= -(2 ** 31) && h < 2 ** 31;
      }),
    );
  });
});

describe('toPositive', () => {
  it('clears the sign bit instead of negating', () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(5)).toBe(5);
  });
});

describe('partitionForKey', () => {
  it('places the Kafka test keys where the Java default partitioner does', () => {
    // toPositive(murmur2(key)) % 12, computed from the Java values above.
    expect(partitionForKey('21', 12)).toBe((-973932308 & 0x7fffffff) % 12);
    expect(partitionForKey('foobar', 12)).toBe((-790332482 & 0x7fffffff) % 12);
    expect(partitionForKey('abc', 3)).toBe(479470107 % 3);
  });

  it('agrees with kafkajs DefaultPartitioner for any key and partition count', () => {
    const kafkajsPartitioner = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (key, n) => {
        const partitionMetadata = Array.from({ length: n }, (_, partitionId) => ({
          partitionId,
          leader: 0,
          replicas: [0],
          isr: [0],
          partitionErrorCode: 0,
        }));
        const expected = kafkajsPartitioner({ topic: 't', partitionMetadata, message: { key, value: null } });
        expect(partitionForKey(key, n)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('is stable and within range', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1000 }), (key, n) => {
        const p = partitionForKey(key, n);
        return p === partitionForKey(key, n) && p >= 0 && p < n;
      }),
    );
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => partitionForKey('k', 0)).toThrow(RangeError);
    expect(() => partitionForKey('k', 1.5)).toThrow(RangeError);
  });
});
