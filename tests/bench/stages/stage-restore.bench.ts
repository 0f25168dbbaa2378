/**
 * `pnpm bench:restore` — restart-to-ready of the stateful stages whose state
 * grows with history, on the embedded log (the default `vigia up` runs on).
 *
 * History: BENCH_RESTORE_EVENTS (default 10⁶, 20,000 with --quick) distinct events whose state is
 * already on the stages' compacted state topics, written by the stages' own
 * record builders: the normalizer's latest version per event
 * (`vigia.normalizer.state.v1`) and the fan-out's ledger entry per event plus
 * each partition's stream day (`vigia.aggregator.ledger.v1`). Each scenario
 * starts the stage on a fresh process-level bus over that data directory,
 * produces one new input record, and stops the clock when the stage has
 * committed it: restore of all 12 partitions, group join and one batch.
 *
 * The embedded log never compacts, so the state topics hold exactly one record
 * per event here, as a compacted Kafka topic would after compaction.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { aggregatorTopics, createAggregatorService, ledgerEntryRecord, streamDayRecord } from '@vigia/aggregator';
import { createEmbeddedBus, partitionForKey, type Bus, type OutgoingRecord } from '@vigia/bus';
import { createNormalizerStage, stateRecord } from '@vigia/normalizer';
import { encodeTopicValue, topicExamples, topicName, topicSpecs, type CanonicalEvent, type TopicName } from '@vigia/schemas';
import { Lifecycle, type LifecycleComponent } from '@vigia/service-kit';
import { machineDescription, quickMode, timed } from '../bench-support.ts';

const eventCount = Number(process.env.BENCH_RESTORE_EVENTS ?? (quickMode ? 20_000 : 1_000_000));
const partitions = 12;
const logger = pino({ level: 'warn' }, pino.destination(2));
const template = topicExamples['vigia.normalizer.state.v1'].event;
const dayMs = 86_400_000;
const firstDayMs = Date.parse('2023-01-01T00:00:00Z');

function eventOf(index: number): CanonicalEvent {
  const occurredAt = new Date(firstDayMs + (index % 730) * dayMs).toISOString().slice(0, 10);
  return { ...template, eventId: `bench-${index}`, occurredAt } as CanonicalEvent;
}

/** Writes `records(index)` for every event, in produce calls of 5,000. */
async function writeHistory(bus: Bus, records: (index: number) => OutgoingRecord[]): Promise<number> {
  let bytes = 0;
  for (let start = 0; start < eventCount; start += 5_000) {
    const chunk: OutgoingRecord[] = [];
    for (let index = start; index < Math.min(eventCount, start + 5_000); index++) chunk.push(...records(index));
    for (const record of chunk) bytes += (record.value?.byteLength ?? 0) + (record.key?.length ?? 0);
    await bus.produce(chunk);
  }
  return bytes;
}

async function ensure(bus: Bus, namespace: string, topics: readonly TopicName[]): Promise<void> {
  await bus.admin.ensureTopics(topicSpecs({ namespace, topics }));
}

/** Sums a group's committed offsets over a topic. */
async function committed(bus: Bus, groupId: string, topic: string): Promise<number> {
  return (await bus.admin.groupOffsets(groupId, topic)).reduce((sum, entry) => sum + entry.offset, 0);
}

/**
 * Starts `component` and one new input record; resolves with seconds until the group committed it, and the
 * CPU seconds this process spent meanwhile (on a shared machine the wall clock also measures the neighbours).
 */
async function restartToReady(
  bus: Bus,
  component: LifecycleComponent,
  input: OutgoingRecord,
  groupId: string,
): Promise<{ seconds: number; cpuSeconds: number; lifecycle: Lifecycle }> {
  const lifecycle = new Lifecycle({ logger, graceTimeoutMs: 30_000, forceTimeoutMs: 60_000 });
  lifecycle.add(component);
  const before = await committed(bus, groupId, input.topic);
  const cpuBefore = process.cpuUsage();
  const seconds = await timed(async () => {
    await lifecycle.start();
    await bus.produce([input]);
    while ((await committed(bus, groupId, input.topic)) <= before) await new Promise((resolve) => setTimeout(resolve, 20));
  });
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, lifecycle };
}

const heapMiB = () => Math.round(process.memoryUsage().heapUsed / 2 ** 20);

async function normalizerScenario(dataDir: string): Promise<string> {
  const namespace = 'bench-normalizer';
  const stateTopic = topicName('vigia.normalizer.state.v1', { namespace });
  const writer = await createEmbeddedBus({ dataDir, logger, fsync: 'never' });
  await ensure(writer, namespace, ['vigia.events.raw.v1', 'vigia.events.v1', 'vigia.normalizer.state.v1', 'vigia.events.dlq.v1']);
  const writeSeconds = await timed(async () => {
    await writeHistory(writer, (index) => {
      const event = eventOf(index);
      return [stateRecord(stateTopic, partitionForKey(event.eventId, partitions), { event, owner: 'bench-publisher' })];
    });
  });
  await writer.close();

  const bus = await createEmbeddedBus({ dataDir, logger, fsync: 'never' });
  const stage = createNormalizerStage({ bus, logger, namespace });
  const raw = topicExamples['vigia.events.raw.v1'];
  const input = { topic: stage.topics.raw, key: 'bench-new-report', value: encodeTopicValue('vigia.events.raw.v1', raw) };
  const { seconds, cpuSeconds, lifecycle } = await restartToReady(bus, stage, input, stage.groupId);
  const heap = heapMiB();
  await lifecycle.stop();
  await bus.close();
  return `| normalizer | ${eventCount.toLocaleString('en-US')} latest versions (one per event) | ${seconds.toFixed(2)} | ${cpuSeconds.toFixed(2)} | ${heap} | history written in ${writeSeconds.toFixed(1)} s |`;
}

async function fanOutScenario(dataDir: string): Promise<string> {
  const namespace = 'bench-fan-out';
  const ledgerTopic = topicName('vigia.aggregator.ledger.v1', { namespace });
  const writer = await createEmbeddedBus({ dataDir, logger, fsync: 'never' });
  await ensure(writer, namespace, aggregatorTopics);
  // The stream day of the latest event, so no entry is behind the retention horizon.
  const streamDay = Math.floor(firstDayMs / dayMs) + 729;
  const writeSeconds = await timed(async () => {
    await writeHistory(writer, (index) => {
      const event = eventOf(index);
      const day = Math.floor(Date.parse(`${event.occurredAt}T00:00:00Z`) / dayMs);
      const records = [
        ledgerEntryRecord(
          ledgerTopic,
          partitionForKey(event.eventId, partitions),
          event.eventId,
          { added: [1], subtracted: [], expiresOn: day + 400 },
          streamDay,
        ),
      ];
      if (index < partitions) records.push(streamDayRecord(ledgerTopic, index, streamDay));
      return records;
    });
  });
  await writer.close();

  const bus = await createEmbeddedBus({ dataDir, logger, fsync: 'never' });
  const service = createAggregatorService({ bus, logger, namespace, query: false });
  const change = topicExamples['vigia.events.v1'];
  const input = {
    topic: service.topics.events,
    key: change.type === 'event.revised' ? change.current.eventId : 'bench',
    value: encodeTopicValue('vigia.events.v1', change),
  };
  const { seconds, cpuSeconds, lifecycle } = await restartToReady(bus, service, input, service.groupIds.fanOut);
  const heap = heapMiB();
  await lifecycle.stop();
  await bus.close();
  return `| aggregator fan-out | ${eventCount.toLocaleString('en-US')} ledger entries + 12 stream days | ${seconds.toFixed(2)} | ${cpuSeconds.toFixed(2)} | ${heap} | history written in ${writeSeconds.toFixed(1)} s |`;
}

const rows: string[] = [];
for (const scenario of [normalizerScenario, fanOutScenario]) {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigia-restore-bench-'));
  try {
    rows.push(await scenario(dataDir));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  globalThis.gc?.();
}
process.stdout.write(`\nRestart-to-ready on the embedded log (fsync=never), ${machineDescription()}\n\n`);
process.stdout.write(
  `load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')} at the end\n\n`,
);
process.stdout.write(
  '| stage | state on its compacted topic | restart-to-ready (s) | CPU (s) | heap after (MiB) | note |\n| --- | --- | --- | --- | --- | --- |\n',
);
process.stdout.write(`${rows.join('\n')}\n`);
