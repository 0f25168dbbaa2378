import { randomUUID } from 'node:crypto';
import { inject, onTestFinished } from 'vitest';
import { Kafka, logLevel, type Consumer, type ConsumerConfig, type ITopicConfig, type KafkaConfig, type Producer, type ProducerConfig } from 'kafkajs';
import { KafkaHarnessError } from './kafka-harness-errors.ts';
import { waitFor } from './kafka-wait.ts';

export { waitFor, watchConsumerCrash, type WaitForOptions } from './kafka-wait.ts';
export { KafkaHarnessError, kafkaHarnessErrorCodes, type KafkaHarnessErrorCode } from './kafka-harness-errors.ts';

/** The brokers the `int` project's global setup provides (`host:port` each). */
export function kafkaBrokers(): string[] {
  return inject('kafkaBrokers');
}

/** `${prefix}-${randomUUID()}`: every test owns its topics, groups and ids. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/**
 * A kafkajs client for tests. Silent by default: kafkajs logs retriable broker answers
 * (a coordinator still loading) as errors, which would bury real failures.
 */
export function testKafka(brokers: string[], config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId: uniqueName('vigia-test'), brokers, logLevel: logLevel.NOTHING, ...config });
}

/** Options of {@link createTestTopic}. */
export interface TestTopicOptions {
  /** Default 1. */
  partitions?: number;
  /** Start of the topic name; a random UUID follows. Default `test-topic`. */
  prefix?: string;
  /** Topic configs, e.g. `{ name: 'cleanup.policy', value: 'compact' }`. */
  configEntries?: ITopicConfig['configEntries'];
}

/**
 * Creates a uniquely named topic, waits until every partition has a leader, and deletes
 * it when the current test finishes. Call it inside a test (it uses `onTestFinished`).
 */
export async function createTestTopic(brokers: string[], options: TestTopicOptions = {}): Promise<string> {
  const { partitions = 1, prefix = 'test-topic', configEntries } = options;
  const topic = uniqueName(prefix);
  const admin = testKafka(brokers).admin();
  await admin.connect();
  try {
    // Leaders are awaited here rather than by kafkajs: its wait gives up with
    // UNKNOWN_TOPIC_OR_PARTITION when a busy controller is slow to publish the new
    // topic's metadata (as the Bus's own ensureTopics found).
    const created = await admin.createTopics({
      waitForLeaders: false,
      topics: [{ topic, numPartitions: partitions, ...(configEntries ? { configEntries } : {}) }],
    });
    if (!created) {
      throw new KafkaHarnessError('VIGIA_TEST_KAFKA_TOPIC_NOT_CREATED', `topic ${topic} already existed`, {
        context: { topic, brokers },
      });
    }
    await waitFor(
      async () => {
        // All topics' metadata: asking for one unknown topic makes kafkajs retry for seconds.
        const { topics } = await admin.fetchTopicMetadata();
        const leaders = topics.find((t) => t.name === topic)?.partitions.map((p) => p.leader) ?? [];
        return leaders.length === partitions && leaders.every((leader) => leader >= 0);
      },
      { label: `leaders of the ${partitions} partition(s) of ${topic}`, timeoutMs: 30_000, intervalMs: 100 },
    );
  } finally {
    await admin.disconnect();
  }
  onTestFinished(() => deleteTopic(brokers, topic));
  return topic;
}

async function deleteTopic(brokers: string[], topic: string): Promise<void> {
  const admin = testKafka(brokers).admin();
  await admin.connect();
  try {
    // The test may have deleted it itself; kafkajs would retry an unknown topic for
    // seconds before failing, so look first.
    if ((await admin.listTopics()).includes(topic)) await admin.deleteTopics({ topics: [topic] });
  } finally {
    await admin.disconnect();
  }
}

/** A connected producer that disconnects when the current test finishes. */
export async function testProducer(brokers: string[], config: ProducerConfig = {}): Promise<Producer> {
  const producer = testKafka(brokers).producer(config);
  await producer.connect();
  onTestFinished(() => producer.disconnect());
  return producer;
}

/**
 * A connected consumer (its own group unless `groupId` is given) that disconnects
 * when the current test finishes. Fetches wait at most 250 ms for data (kafkajs
 * default 5 s): disconnecting waits for the fetch in flight, and with an idle topic
 * every test would pay the full wait.
 */
export async function testConsumer(brokers: string[], config: Partial<ConsumerConfig> = {}): Promise<Consumer> {
  const consumer = testKafka(brokers).consumer({ groupId: uniqueName('test-group'), maxWaitTimeInMs: 250, ...config });
  await consumer.connect();
  onTestFinished(() => consumer.disconnect());
  return consumer;
}
