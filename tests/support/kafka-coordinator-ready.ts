import { Kafka, logLevel } from 'kafkajs';
import { KafkaHarnessError } from './kafka-harness-errors.ts';

const offsetsTopic = '__consumer_offsets';

/**
 * Java's `String.hashCode`, which Kafka uses to place a group on a partition of
 * `__consumer_offsets` (`Utils.abs(groupId.hashCode()) % partitions`).
 */
export function javaStringHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** The partition of `__consumer_offsets` whose coordinator owns `groupId`. */
export function offsetsPartitionOf(groupId: string, partitions: number): number {
  // Kafka's Utils.abs is `n & 0x7fffffff`, not Math.abs (which overflows on MIN_VALUE).
  return (javaStringHash(groupId) & 0x7fffffff) % partitions;
}

/**
 * One group id per partition of `__consumer_offsets`, so that asking about them all
 * reaches every coordinator. Modulo 31 a Java hash is the code of the last character
 * alone, so decimal suffixes would never reach most partitions of a count divisible by
 * 31; the suffix is a number written with the 94 printable ASCII characters instead.
 */
export function groupIdsCoveringPartitions(partitions: number, prefix = 'vigia-harness-ready-'): string[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < partitions; i++) {
    let suffix = '';
    for (let n = i; suffix === '' || n > 0; n = Math.floor(n / 94)) suffix = String.fromCharCode(33 + (n % 94)) + suffix;
    const groupId = prefix + suffix;
    const partition = offsetsPartitionOf(groupId, partitions);
    if (!byPartition.has(partition)) byPartition.set(partition, groupId);
  }
  return [...byPartition.values()];
}

/**
 * Waits until the group coordinator of every `__consumer_offsets` partition has loaded.
 *
 * A fresh broker creates that topic (50 partitions) at the first FindCoordinator and
 * then loads each partition; until then JoinGroup answers COORDINATOR_LOAD_IN_PROGRESS,
 * which made the first test of a run against a new container fail. Tests use random
 * group ids, so any partition may be the first one asked: DescribeGroups for one group
 * per partition succeeds only when all of them are loaded (kafkajs retries the error).
 */
export async function waitForGroupCoordinators(brokers: string[]): Promise<void> {
  const admin = new Kafka({
    clientId: 'vigia-test-harness',
    brokers,
    logLevel: logLevel.NOTHING,
    // Bounds the wait: about 90 s of retries, far more than loading takes on a busy machine.
    retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 3_000 },
  }).admin();
  const started = Date.now();
  try {
    await admin.connect();
    // The first FindCoordinator makes the broker create the topic.
    await admin.describeGroups(['vigia-harness-ready']);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [offsetsTopic] })).topics;
    const partitions = metadata?.partitions.length ?? 0;
    if (partitions > 0) await admin.describeGroups(groupIdsCoveringPartitions(partitions));
  } catch (error) {
    throw new KafkaHarnessError('VIGIA_TEST_KAFKA_BROKERS_UNREACHABLE', `the group coordinators at ${brokers.join(',')} did not become ready`, {
      cause: error,
      context: { brokers, waitedMs: Date.now() - started },
    });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
