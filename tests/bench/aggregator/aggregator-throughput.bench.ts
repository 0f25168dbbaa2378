/**
 * `pnpm bench:aggregator` (part b) — aggregator throughput on the real broker
 * as a RATIO of raw kafkajs consumption of the same events topic, measured in
 * the same run. The aggregator scenario runs the whole service in-process on
 * the Kafka bus (fan-out + aggregate, both transactional), from start until
 * both groups have committed everything; the baseline is a kafkajs consumer
 * group reading the events topic from the beginning. Both include joining
 * their groups.
 *
 * BENCH_AGGREGATOR_EVENTS (default 5000) incidents and seizures over 300
 * districts and two years; KAFKA_BROKERS selects a cluster (default: the local
 * broker of infra/kafka).
 */
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { createAggregatorService, defaultAggregateBatchRecords } from '@vigia/aggregator';
import { createKafkaBus, type Bus } from '@vigia/bus';
import { encodeTopicValue, topicSpecs } from '@vigia/schemas';
import { Lifecycle } from '@vigia/service-kit';
import { benchBrokers, formatTable, machineDescription, timed, type Measurement } from '../bench-support.ts';
import { changeOf, districts } from './bench-events.ts';

const eventCount = Number(process.env.BENCH_AGGREGATOR_EVENTS ?? 5_000);
const logger = pino({ level: 'warn' }, pino.destination(2));
async function committedAll(bus: Bus, groupId: string, topic: string): Promise<boolean> {
  const ends = (await bus.admin.endOffsets(topic)).filter((end) => end.offset > 0);
  const committed = await bus.admin.groupOffsets(groupId, topic);
  return ends.every((end) => (committed.find((c) => c.partition === end.partition)?.offset ?? -1) >= end.offset);
}

async function until(condition: () => Promise<boolean>, failed: () => boolean): Promise<void> {
  while (!(await condition())) {
    if (failed()) throw new Error('the aggregator failed; see its log on stderr');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const brokers = benchBrokers(process.env);
  const kafka = new kafkajs.Kafka({ brokers, clientId: 'vigia-bench-aggregator', logLevel: kafkajs.logLevel.NOTHING });
  const bus = createKafkaBus({ brokers, clientId: 'vigia-bench-aggregator' }, logger);
  const namespace = `bench-${randomUUID().slice(0, 8)}`;
  const specs = topicSpecs({ namespace, replicationFactor: 1, topics: ['vigia.events.v1', 'vigia.events.dlq.v1', 'vigia.contributions.v1', 'vigia.aggregator.changelog.v1', 'vigia.indicators.v1'] });
  await bus.admin.ensureTopics(specs);
  const eventsTopic = specs[0]!.name;
  const changes = Array.from({ length: eventCount }, (_, index) => changeOf(index));
  const records = changes.map((change, index) => ({ topic: eventsTopic, key: `bench-${index}`, value: encodeTopicValue('vigia.events.v1', change) }));
  const bytes = records.reduce((sum, record) => sum + record.value.byteLength, 0);
  for (let start = 0; start < records.length; start += 500) await bus.produce(records.slice(start, start + 500));
  try {
    const consumeBaseline = 'kafkajs consume of vigia.events.v1 (group)';
    const rawSeconds = await timed(async () => {
      const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
      await consumer.connect();
      await consumer.subscribe({ topic: eventsTopic, fromBeginning: true });
      let seen = 0;
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachBatch: async ({ batch }) => {
            seen += batch.messages.length;
            if (seen >= eventCount) resolve();
          },
        });
      });
      await consumer.disconnect();
    });
    const service = createAggregatorService({ bus, logger, namespace, query: false, ensureTopics: false });
    const lifecycle = new Lifecycle({ logger, graceTimeoutMs: 30_000, forceTimeoutMs: 60_000, exit: () => undefined });
    lifecycle.add(service);
    let contributions = 0;
    const aggregatorSeconds = await timed(async () => {
      await lifecycle.start();
      await until(() => committedAll(bus, service.groupIds.fanOut, service.topics.events), () => lifecycle.state === 'failed');
      contributions = (await bus.admin.endOffsets(service.topics.contributions)).reduce((sum, end) => sum + end.offset, 0);
      await until(() => committedAll(bus, service.groupIds.aggregate, service.topics.contributions), () => lifecycle.state === 'failed');
    });
    await lifecycle.stop();
    const measurements: Measurement[] = [
      { scenario: consumeBaseline, messages: eventCount, bytes, seconds: rawSeconds, batch: 'fetch batches' },
      {
        scenario: 'aggregator: fan-out + aggregate (transactional)',
        messages: eventCount,
        bytes,
        seconds: aggregatorSeconds,
        batch: `fan-out ≤500, aggregate ≤${defaultAggregateBatchRecords} records per txn`,
        baseline: consumeBaseline,
      },
    ];
    console.log(`\nAggregator throughput — ${new Date().toISOString().slice(0, 10)} — ${machineDescription()}`);
    console.log(
      `${eventCount.toLocaleString('en-US')} events over ${districts.length} districts and 2 years → ${contributions.toLocaleString('en-US')} contributions (incl. transaction markers); 12 partitions; broker at ${brokers.join(',')}\n`,
    );
    console.log(formatTable(measurements));
  } finally {
    await bus.admin.deleteTopics(specs.map((spec) => spec.name)).catch(() => undefined);
    await bus.close();
  }
}

await main();
