/**
 * Key → partition, identical to Kafka's Java default partitioner and to
 * kafkajs's `DefaultPartitioner` (`toPositive(murmur2(utf8(key))) % n`), so
 * the embedded log and a Kafka cluster place every key on the same partition
 * and a region's state lives on the same partition number under both adapters.
 */

const encoder = new TextEncoder();

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/**
 * Kafka's `Utils.murmur2`: 32-bit MurmurHash2 with Kafka's seed, returned as a
 * signed 32-bit integer exactly like the Java method (`Math.imul` and `| 0`
 * reproduce Java's wrapping int arithmetic).
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (data[i4]! & 0xff) | ((data[i4 + 1]! & 0xff) << 8) | ((data[i4 + 2]! & 0xff) << 16) | ((data[i4 + 3]! & 0xff) << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const tail = length & ~3;
  // Java's switch falls through from 3 to 1; written out here without fallthrough.
  const rest = length % 4;
  if (rest >= 3) h ^= (data[tail + 2]! & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1]! & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail]! & 0xff;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not `Math.abs`, which overflows for MIN_VALUE). */
export function toPositive(value: number): number {
  return value & 0x7fffffff;
}

/**
 * The partition a keyed record goes to among `partitionCount` partitions.
 * Null keys are not hashed: the adapters spread them (Kafka: sticky/round-robin),
 * so callers that need a fixed place for a keyless record pass `partition`.
 */
export function partitionForKey(key: string, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) {
    throw new RangeError(`partitionCount must be a positive integer, got ${partitionCount}`);
  }
  return toPositive(murmur2(encoder.encode(key))) % partitionCount;
}
