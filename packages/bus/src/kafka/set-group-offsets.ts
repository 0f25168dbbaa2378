/**
 * Moves an idle group's committed offsets: what replay needs.
 *
 * This is kafkajs's `admin.setOffsets` recipe — join the group as its only
 * member, pause, seek (which commits with auto-commit on), leave — with one
 * change: kafkajs's version waits a full default `maxWaitTimeInMs` (5 s) for
 * a fetch of the paused partitions before it notices the seek is done; a short
 * fetch wait makes a replay start in well under a second.
 */
import type { Kafka } from 'kafkajs';
import type { PartitionOffset } from '../port.ts';
import { kafkaClientRetry } from './kafka-config.ts';

export async function commitGroupOffsets(kafka: Kafka, groupId: string, topic: string, offsets: readonly PartitionOffset[]): Promise<void> {
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 50,
    allowAutoTopicCreation: false,
    retry: { ...kafkaClientRetry, restartOnFailure: async () => false },
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      // The first fetch applies the seeks (committing them) before it reports.
      consumer.on(consumer.events.FETCH, () => resolve());
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => {} }).catch(reject);
      // `run` creates the group state synchronously, so pausing and seeking here
      // precede the first fetch, as in kafkajs's own setOffsets.
      consumer.pause([{ topic }]);
      for (const { partition, offset } of offsets) consumer.seek({ topic, partition, offset: String(offset) });
    });
  } finally {
    await consumer.disconnect();
  }
}
