/**
 * `pnpm bench:bus` — throughput baselines of the Bus: raw kafkajs on the local
 * broker, the Vigía Kafka adapter and processor as ratios of it, and the
 * embedded adapter. Later benchmarks are ratios of these numbers.
 *
 * Every scenario runs BENCH_REPEAT times (default 3) after one warm-up run and
 * reports the median, so JIT warm-up and connection set-up do not decide
 * ratios. BENCH_MESSAGES (default 50000) sets the message count per run;
 * KAFKA_BROKERS selects a cluster (default: the local broker of infra/kafka).
 * BENCH_BUS_ADAPTERS=embedded (or kafka) runs one adapter's scenarios only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { createEmbeddedBus, createKafkaBus, createProcessor, perRecord, type Bus } from '@vigia/bus';
import {
  benchBrokers,
  formatTable,
  machineDescription,
  measurementFigures,
  quickMode,
  recordResults,
  samplePayload,
  timed,
  type Measurement,
} from '../bench-support.ts';

const messageCount = Number(process.env.BENCH_MESSAGES ?? (quickMode ? 5_000 : 50_000));
const repeat = Number(process.env.BENCH_REPEAT ?? (quickMode ? 1 : 3));
const produceBatch = 500;
const partitions = 3;
const keys = 64;
const logger = pino({ level: 'warn' }, pino.destination(2));
const payloads = Array.from({ length: messageCount }, (_, i) => samplePayload(i));
const totalBytes = payloads.reduce((sum, p) => sum + p.byteLength, 0);
const keyOf = (i: number) => `region-${i % keys}`;

function batches(): { key: string; value: Uint8Array }[][] {
  const out: { key: string; value: Uint8Array }[][] = [];
  for (let start = 0; start < messageCount; start += produceBatch) {
    out.push(payloads.slice(start, start + produceBatch).map((value, j) => ({ key: keyOf(start + j), value })));
  }
  return out;
}

/** Median seconds of `repeat` runs after one untimed warm-up run. */
async function median(run: () => Promise<number>): Promise<number> {
  await run();
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) runs.push(await run());
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)]!;
}

const measurement = (scenario: string, seconds: number, batch: string, baseline?: string): Measurement => ({
  scenario,
  messages: messageCount,
  bytes: totalBytes,
  seconds,
  batch,
  ...(baseline === undefined ? {} : { baseline }),
});

/** Produces every payload through the Bus port, `produceBatch` records per call. */
async function produceThroughBus(bus: Bus, topic: string): Promise<number> {
  return timed(async () => {
    for (const chunk of batches()) await bus.produce(chunk.map((r) => ({ topic, key: r.key, value: r.value })));
  });
}

/** Consumes `messageCount` records with a fresh group, committing every batch (no outputs). */
async function consumeThroughBus(bus: Bus, topic: string): Promise<number> {
  let seen = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const seconds = await timed(async () => {
    const subscription = await bus.subscribe({
      groupId: `bench-${randomUUID()}`,
      topics: [topic],
      eachBatch: async (batch, context) => {
        const last = batch.records.at(-1);
        if (last !== undefined) await context.commit([], last.offset + 1);
        seen += batch.records.length;
        if (seen >= messageCount) finish();
      },
    });
    await finished;
    await subscription.stop();
  });
  return seconds;
}

/** Copies `messageCount` records through the processing loop (transactional on Kafka). */
async function copyThroughProcessor(bus: Bus, input: string, output: string, dlq: string, transactional: boolean): Promise<number> {
  let copied = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const processor = createProcessor(bus, {
    name: 'bench-copy',
    groupId: `bench-${randomUUID()}`,
    inputTopics: [input],
    dlqTopic: dlq,
    logger,
    ...(transactional ? { transactionalId: `bench-${randomUUID()}` } : {}),
    transform: perRecord((record) => ({ outputs: [{ topic: output, key: record.key, value: record.value }] })),
    metrics: {
      recordsProduced: (count) => {
        copied += count;
        if (copied >= messageCount) finish();
      },
    },
  });
  const seconds = await timed(async () => {
    await processor.start();
    await finished;
  });
  await processor.stop();
  return seconds;
}

/** Raw kafkajs consumption of `messageCount` records with a fresh group: the consume baseline. */
async function consumeWithKafkajs(kafka: kafkajs.Kafka, topic: string): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const seconds = await timed(async () => {
    await consumer.run({
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= messageCount) finish();
      },
    });
    await finished;
  });
  await consumer.disconnect();
  return seconds;
}

async function kafkaScenarios(brokers: string[]): Promise<Measurement[]> {
  const kafka = new kafkajs.Kafka({ brokers, clientId: 'vigia-bench', logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const [raw, viaBus, copy, dlq] = ['raw', 'bus', 'copy', 'dlq'].map((name) => `bench-${name}-${randomUUID()}`) as [string, string, string, string];
  await admin.createTopics({
    waitForLeaders: true,
    topics: [raw, viaBus, copy, dlq].map((name) => ({ topic: name, numPartitions: partitions, replicationFactor: 1 })),
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const bus = createKafkaBus({ brokers, clientId: 'vigia-bench' }, logger);
  try {
    const produceBaseline = 'kafkajs produce (idempotent, acks=all)';
    const consumeBaseline = 'kafkajs consume (group, auto-commit)';
    const rawProduce = await median(() =>
      timed(async () => {
        for (const chunk of batches()) {
          await producer.send({ topic: raw, acks: -1, messages: chunk.map((r) => ({ key: r.key, value: Buffer.from(r.value) })) });
        }
      }),
    );
    return [
      measurement(produceBaseline, rawProduce, `${produceBatch}/send`),
      measurement(consumeBaseline, await median(() => consumeWithKafkajs(kafka, raw)), 'fetch batches'),
      measurement('vigia kafka produce', await median(() => produceThroughBus(bus, viaBus)), `${produceBatch}/produce`, produceBaseline),
      measurement('vigia kafka consume + commit', await median(() => consumeThroughBus(bus, raw)), 'fetch batches', consumeBaseline),
      measurement(
        'vigia kafka processor copy (transactional)',
        await median(() => copyThroughProcessor(bus, raw, copy, dlq, true)),
        'fetch batches, 1 txn each',
        consumeBaseline,
      ),
    ];
  } finally {
    await bus.close();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [raw, viaBus, copy, dlq] }).catch(() => {});
    await admin.disconnect();
  }
}

async function embeddedScenarios(fsync: 'commit' | 'never'): Promise<Measurement[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigia-bench-'));
  const bus = await createEmbeddedBus({ dataDir, logger, fsync });
  try {
    await bus.admin.ensureTopics(['in', 'copy', 'dlq'].map((name) => ({ name, partitions, cleanupPolicy: 'delete' as const })));
    const label = `embedded (fsync=${fsync})`;
    return [
      measurement(`${label} produce`, await median(() => produceThroughBus(bus, 'in')), `${produceBatch}/produce`, 'kafkajs produce (idempotent, acks=all)'),
      measurement(`${label} consume + commit`, await median(() => consumeThroughBus(bus, 'in')), '≤500/batch', 'kafkajs consume (group, auto-commit)'),
      measurement(
        `${label} processor copy`,
        await median(() => copyThroughProcessor(bus, 'in', 'copy', 'dlq', false)),
        '≤500/batch',
        'kafkajs consume (group, auto-commit)',
      ),
    ];
  } finally {
    await bus.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const adapters = process.env.BENCH_BUS_ADAPTERS ?? 'kafka,embedded';
const brokers = adapters.includes('kafka') ? benchBrokers(process.env) : [];
const measurements = [
  ...(adapters.includes('kafka') ? await kafkaScenarios(brokers) : []),
  ...(adapters.includes('embedded') ? [...(await embeddedScenarios('commit')), ...(await embeddedScenarios('never'))] : []),
];
console.log(`\nBus throughput — ${new Date().toISOString().slice(0, 10)} — ${machineDescription()}`);
console.log(
  `${messageCount.toLocaleString('en-US')} messages of ~1 KiB JSON, ${keys} keys, ${partitions} partitions, broker at ${brokers.join(',') || '(none)'}\n`,
);
console.log(formatTable(measurements));
recordResults('bus-throughput', { messages: messageCount, repeat, partitions, throughput: measurementFigures(measurements) });
