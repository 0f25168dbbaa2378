import { describe, expect, it } from 'vitest';
import type { IHeaders } from 'kafkajs';
import { createTestTopic, kafkaBrokers, testConsumer, testKafka, testProducer, uniqueName, waitFor, watchConsumerCrash } from './kafka-broker.ts';

interface Received {
  partition: number;
  offset: string;
  key: string | undefined;
  value: string | undefined;
  headers: Record<string, string>;
}

const headerText = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));

describe('Kafka test harness', () => {
  it('provides the brokers of a cluster that answers', async () => {
    const brokers = kafkaBrokers();
    expect(brokers.length).toBeGreaterThan(0);
    const admin = testKafka(brokers).admin();
    await admin.connect();
    const cluster = await admin.describeCluster().finally(() => admin.disconnect());
    expect(cluster.brokers.length).toBeGreaterThan(0);
  });

  it('reads back through a consumer group, in order, what was produced, with keys and headers', async () => {
    const brokers = kafkaBrokers();
    const topic = await createTestTopic(brokers, { partitions: 1, prefix: 'harness-order' });
    const sent = Array.from({ length: 25 }, (_, i) => ({
      key: `region-${i % 4}`,
      value: JSON.stringify({ seq: i }),
      headers: { ce_id: uniqueName('event'), ce_type: 'pe.vigia.test.v1', ce_seq: String(i) },
    }));
    const producer = await testProducer(brokers, { idempotent: true, maxInFlightRequests: 1 });
    // Two sends: order must hold across requests, not only within one batch.
    await producer.send({ topic, acks: -1, messages: sent.slice(0, 10) });
    await producer.send({ topic, acks: -1, messages: sent.slice(10) });

    const consumer = await testConsumer(brokers);
    const crashed = watchConsumerCrash(consumer);
    const received: Received[] = [];
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({
          partition,
          offset: message.offset,
          key: message.key?.toString(),
          value: message.value?.toString(),
          headers: headerText(message.headers),
        });
      },
    });
    await waitFor(() => received.length >= sent.length, { label: `${sent.length} records on ${topic}`, failWhen: crashed });

    expect(received.map(({ key, value, headers }) => ({ key, value, headers }))).toEqual(sent);
    expect(received.map((r) => r.offset)).toEqual(sent.map((_, i) => String(i)));
  });

  it('keeps per-key order across partitions and assigns every partition to the group', async () => {
    const brokers = kafkaBrokers();
    const partitions = 3;
    const topic = await createTestTopic(brokers, { partitions, prefix: 'harness-keys' });
    const keys = Array.from({ length: 6 }, (_, k) => `zone-${k}`);
    const perKey = 8;
    const producer = await testProducer(brokers, { idempotent: true, maxInFlightRequests: 1 });
    for (let i = 0; i < perKey; i += 1) {
      await producer.send({ topic, acks: -1, messages: keys.map((key) => ({ key, value: String(i) })) });
    }

    const consumer = await testConsumer(brokers);
    const crashed = watchConsumerCrash(consumer);
    const assigned = new Set<number>();
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      for (const partition of payload.memberAssignment[topic] ?? []) assigned.add(partition);
    });
    const byKey = new Map<string, string[]>();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString() ?? '';
        byKey.set(key, [...(byKey.get(key) ?? []), message.value?.toString() ?? '']);
      },
    });
    const total = keys.length * perKey;
    await waitFor(() => [...byKey.values()].reduce((n, values) => n + values.length, 0) >= total, {
      label: `${total} records on ${topic}`,
      failWhen: crashed,
    });

    expect([...assigned].sort((a, b) => a - b)).toEqual([0, 1, 2]);
    const expected = Array.from({ length: perKey }, (_, i) => String(i));
    for (const key of keys) expect(byKey.get(key), key).toEqual(expected);
  });
});

describe('createTestTopic', () => {
  let createdTopic: string | undefined;

  it('creates a topic with the requested partitions and leaders', async () => {
    const brokers = kafkaBrokers();
    createdTopic = await createTestTopic(brokers, { partitions: 2, prefix: 'harness-cleanup' });
    const admin = testKafka(brokers).admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [createdTopic] }).finally(() => admin.disconnect());
    const partitions = metadata.topics[0]?.partitions ?? [];
    expect(partitions).toHaveLength(2);
    for (const partition of partitions) expect(partition.leader).toBeGreaterThanOrEqual(0);
  });

  // Depends on the test above (tests in a file run in order): it checks the cleanup
  // that test registered, which can only be observed after it finished.
  it('deletes that topic once the test that created it has finished', async () => {
    expect(createdTopic).toBeDefined();
    const admin = testKafka(kafkaBrokers()).admin();
    await admin.connect();
    try {
      await waitFor(async () => !(await admin.listTopics()).includes(createdTopic ?? ''), {
        label: `${createdTopic} to be deleted`,
      });
    } finally {
      await admin.disconnect();
    }
  });
});
