/**
 * The Kafka adapter of the Bus port (kafkajs 2.2.4). One kafkajs client per
 * bus; connections are opened on first use: an admin client, the idempotent
 * producer, a consumer per subscription (and per partition read) and, for
 * transactional subscriptions, a producer per input partition.
 */
import kafkajs from 'kafkajs';
import type { Admin, TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import type { Bus, OutgoingRecord, RecordPosition, SubscribeOptions, Subscription } from '../port.ts';
import { IdempotentProducer } from './idempotent-producer.ts';
import { createKafkaAdmin } from './kafka-admin.ts';
import { type KafkaBusConfig, resolveKafkaBusConfig, toKafkaJsConfig } from './kafka-config.ts';
import { KafkaBusError, toKafkaBusError } from './kafka-errors.ts';
import { assertValidRecord, PartitionChooser, positionsFromMetadata, toTopicMessages } from './kafka-records.ts';
import { chunkBySize, outgoingRecordBytes } from './request-size.ts';
import { subscribeKafka } from './kafka-subscription.ts';
import { lazyClient } from './lazy-client.ts';
import { readKafkaPartition } from './read-partition.ts';
import { TopicCatalog } from './topic-catalog.ts';

/**
 * Creates a Bus on a Kafka cluster. Nothing connects until the first call, so
 * creating a bus never fails on an unreachable cluster; the first operation does.
 *
 * Subscriptions with `transactionalId` commit exactly-once: outputs and the
 * group offset in one transaction. The id is a prefix: each input partition
 * gets its own transactional producer `${transactionalId}-${topic}-${partition}`,
 * which is what fences a stalled previous owner (see `transactional-producers.ts`).
 * Use the same value on every instance of a stage and a different one per
 * stage — the group id is a good choice — and never an instance-specific value.
 */
export function createKafkaBus(config: KafkaBusConfig, logger: Logger): Bus {
  const resolved = resolveKafkaBusConfig(config);
  const log = logger.child({ component: 'kafka-bus', clientId: resolved.clientId });
  const kafka = new kafkajs.Kafka(toKafkaJsConfig(resolved, logger));
  const admin = lazyClient<Admin>(() => kafka.admin());
  const catalog = new TopicCatalog(() => admin.get());
  const chooser = new PartitionChooser();
  const producer = new IdempotentProducer(kafka, log);
  const subscriptions = new Set<Subscription>();
  const readers = new Set<{ close(): Promise<void> }>();
  let closing: Promise<void> | undefined;

  function assertOpen(): void {
    if (closing) throw new KafkaBusError('VIGIA_BUS_CLOSED', 'the bus is closed', { retriable: false });
  }

  /** Chooses partitions (checking every topic exists first, so nothing of a bad batch is sent). */
  async function prepare(records: readonly OutgoingRecord[]): Promise<{ partitions: number[]; topicMessages: TopicMessages[] }> {
    for (const record of records) assertValidRecord(record);
    const counts = await catalog.partitionCounts(records.map((record) => record.topic));
    const partitions = records.map((record) => chooser.choose(record, counts.get(record.topic)!));
    return { partitions, topicMessages: toTopicMessages(records, partitions) };
  }

  /** Appends without the closed check: a batch in flight may still commit while the bus closes. */
  async function send(records: readonly OutgoingRecord[]): Promise<RecordPosition[]> {
    if (records.length === 0) return [];
    const positions: RecordPosition[] = [];
    // Requests under the broker's record-batch limit, sent in order so each partition keeps its order.
    for (const chunk of chunkBySize(records, outgoingRecordBytes)) {
      const { partitions, topicMessages } = await prepare(chunk);
      try {
        const metadata = await producer.send(topicMessages);
        positions.push(...positionsFromMetadata(chunk, partitions, metadata));
      } catch (error) {
        throw toKafkaBusError(error, 'VIGIA_BUS_PRODUCE_FAILED', 'produce failed', { topic: chunk[0]!.topic });
      }
    }
    return positions;
  }

  async function committedOffset(groupId: string, topic: string, partition: number): Promise<number | undefined> {
    const [entry] = await (await admin.get()).fetchOffsets({ groupId, topics: [topic] });
    const offset = Number(entry?.partitions.find((p) => p.partition === partition)?.offset ?? -1);
    return offset >= 0 ? offset : undefined;
  }

  return {
    kind: 'kafka',
    admin: createKafkaAdmin({ kafka, admin: () => admin.get(), catalog, logger: log }),
    produce(records) {
      assertOpen();
      return send(records);
    },
    async subscribe(options: SubscribeOptions): Promise<Subscription> {
      assertOpen();
      const subscription = await subscribeKafka(
        {
          kafka,
          config: resolved,
          logger: log,
          assertTopics: async (topics) => {
            await catalog.partitionCounts(topics);
          },
          produce: send,
          prepare: async (records) => (records.length === 0 ? [] : (await prepare(records)).topicMessages),
          committedOffset,
        },
        options,
      );
      subscriptions.add(subscription);
      subscription.done.then(
        () => subscriptions.delete(subscription),
        () => subscriptions.delete(subscription),
      );
      return subscription;
    },
    readPartition(topic, partition, options) {
      return readKafkaPartition({ kafka, admin: () => admin.get(), catalog, config: resolved, assertOpen, readers }, topic, partition, options);
    },
    close() {
      closing ??= (async () => {
        await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
        await Promise.all([...readers].map((reader) => reader.close()));
        await producer.close();
        await admin.close().catch((error: unknown) => log.warn({ err: error }, 'disconnecting the admin client failed'));
        log.info('kafka bus closed');
      })();
      return closing;
    },
  };
}
