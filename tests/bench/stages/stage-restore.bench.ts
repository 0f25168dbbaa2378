/**
 * `pnpm bench:restore` — restart-to-ready of the stateful stages whose state
 * grows with history, on the embedded log (the default `vigia up` runs on).
 *
 * History: BENCH_RESTORE_EVENTS (default 10⁶, 20,000 with --quick) distinct events whose state is
 * already on the stages' compacted state topics, written by the stages' own
 * record builders: the normalizer's latest version per event
 * (`vigia.normalizer.state.v1`), the fan-out's ledger entry per event plus
 * each partition's stream day (`vigia.aggregator.ledger.v1`), and the
 * aggregate stage's daily buckets those events make, with each partition's
 * watermark (`vigia.aggregator.changelog.v1`). Each scenario opens a fresh
 * process-level bus over that data directory, reads the state topic to its
 * end with `readPartition` (the baseline: the bytes any restore must read),
 * then starts the stage, produces one new input record, and stops the clock
 * when the stage has committed it: restore of all 12 partitions, group join
 * and one batch.
 *
 * The embedded log never compacts, so the state topics hold exactly one record
 * per key here, as a compacted Kafka topic would after compaction.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import {
  aggregatorTopics,
  bucketOutgoing,
  contributionRecord,
  createAggregatorService,
  ledgerEntryRecord,
  streamDayRecord,
  watermarkChangelogOutgoing,
} from '@vigia/aggregator';
import { createEmbeddedBus, partitionForKey, type Bus, type OutgoingRecord } from '@vigia/bus';
import { listRegions, targetRegions } from '@vigia/geo';
import { bucketRecord, createChangeLedger, dayNumberOf, fanOut } from '@vigia/indicators';
import { createNormalizerStage, stateRecord } from '@vigia/normalizer';
import { encodeTopicValue, topicExamples, topicName, topicSpecs, type CanonicalEvent, type RegionRef, type TopicName } from '@vigia/schemas';
import { Lifecycle, type LifecycleComponent } from '@vigia/service-kit';
import { benchChange, benchLastDay } from '../bench-events.ts';
import { machineDescription, quickMode, recordResults, timed } from '../bench-support.ts';

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

/** Writes `records(index)` for every index below `count` (default: every event), in produce calls of 5,000. */
async function writeHistory(bus: Bus, records: (index: number) => OutgoingRecord[], count = eventCount): Promise<number> {
  let written = 0;
  for (let start = 0; start < count; start += 5_000) {
    const chunk: OutgoingRecord[] = [];
    for (let index = start; index < Math.min(count, start + 5_000); index++) chunk.push(...records(index));
    written += chunk.length;
    await bus.produce(chunk);
  }
  return written;
}

/** The baseline: every partition of `topic` read to its end, nothing decoded — what any restore of it must read. */
async function readToEnd(bus: Bus, topic: string): Promise<{ seconds: number; records: number }> {
  let records = 0;
  const seconds = await timed(async () => {
    for (let partition = 0; partition < partitions; partition++) for await (const chunk of bus.readPartition(topic, partition)) records += chunk.length;
  });
  return { seconds, records };
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

interface RestoreRow {
  readonly stage: string;
  readonly state: string;
  readonly stateRecords: number;
  readonly baselineSeconds: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly heapMiB: number;
  readonly writeSeconds: number;
}

/**
 * Opens a fresh bus on the history, times the baseline read of `stateTopic`, then the stage's
 * restart-to-ready (`start` builds the stage on the bus and names its group and new input record).
 */
async function measure(
  dataDir: string,
  stateTopic: string,
  start: (bus: Bus) => { component: LifecycleComponent; groupId: string; input: OutgoingRecord },
): Promise<Omit<RestoreRow, 'stage' | 'state' | 'writeSeconds'>> {
  const bus = await createEmbeddedBus({ dataDir, logger, fsync: 'never' });
  const baseline = await readToEnd(bus, stateTopic);
  const { component, groupId, input } = start(bus);
  const { seconds, cpuSeconds, lifecycle } = await restartToReady(bus, component, input, groupId);
  const heap = heapMiB();
  await lifecycle.stop();
  await bus.close();
  return { stateRecords: baseline.records, baselineSeconds: baseline.seconds, seconds, cpuSeconds, heapMiB: heap };
}

async function normalizerScenario(dataDir: string): Promise<RestoreRow> {
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
  const measured = await measure(dataDir, stateTopic, (bus) => {
    const stage = createNormalizerStage({ bus, logger, namespace });
    const input = { topic: stage.topics.raw, key: 'bench-new-report', value: encodeTopicValue('vigia.events.raw.v1', topicExamples['vigia.events.raw.v1']) };
    return { component: stage, groupId: stage.groupId, input };
  });
  return { stage: 'normalizer', state: 'latest version and owner per event', writeSeconds, ...measured };
}

async function fanOutScenario(dataDir: string): Promise<RestoreRow> {
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
  const measured = await measure(dataDir, ledgerTopic, (bus) => {
    const service = createAggregatorService({ bus, logger, namespace, query: false });
    const change = topicExamples['vigia.events.v1'];
    const key = change.type === 'event.revised' ? change.current.eventId : 'bench';
    return {
      component: service,
      groupId: service.groupIds.fanOut,
      input: { topic: service.topics.events, key, value: encodeTopicValue('vigia.events.v1', change) },
    };
  });
  return { stage: 'aggregator fan-out', state: 'ledger entry per event + 12 stream days', writeSeconds, ...measured };
}

interface DailyBucket {
  readonly region: RegionRef;
  readonly metric: string;
  readonly day: string;
  value: number;
  eventCount: number;
}

/**
 * The daily buckets `eventCount` of the aggregator benchmarks' events make (incidents and seizures
 * over 300 districts and two years, fanned out with the real gazetteer): what the aggregate
 * stage's compacted changelog holds for that history.
 */
function bucketsOfHistory(): DailyBucket[] {
  const shareRegions = [...listRegions('zone'), ...listRegions('department')];
  const buckets = new Map<string, DailyBucket>();
  let ledger = createChangeLedger();
  for (let index = 0; index < eventCount; index++) {
    // Every event is new: a fresh ledger now and then keeps its memory flat without changing a contribution.
    if (index % 50_000 === 0) ledger = createChangeLedger();
    for (const contribution of fanOut(ledger, benchChange(index), targetRegions, { shareRegions })) {
      for (const [metric, delta] of Object.entries(contribution.deltas)) {
        const key = `${contribution.target.code}|${metric}|${contribution.day}`;
        let bucket = buckets.get(key);
        if (bucket === undefined) buckets.set(key, (bucket = { region: contribution.target, metric, day: contribution.day, value: 0, eventCount: 0 }));
        bucket.value += delta;
        bucket.eventCount += contribution.eventCountDelta;
      }
    }
  }
  return [...buckets.values()];
}

async function aggregateScenario(dataDir: string): Promise<RestoreRow> {
  const namespace = 'bench-aggregate';
  const changelog = { name: topicName('vigia.aggregator.changelog.v1', { namespace }), partitions };
  const contributions = { name: topicName('vigia.contributions.v1', { namespace }), partitions };
  const writer = await createEmbeddedBus({ dataDir, logger, fsync: 'never' });
  await ensure(writer, namespace, aggregatorTopics);
  const watermark = dayNumberOf(benchLastDay);
  const buckets = bucketsOfHistory();
  const writeSeconds = await timed(async () => {
    await writeHistory(
      writer,
      (index) => {
        const { region, metric, day, value, eventCount: events } = buckets[index]!;
        return [bucketOutgoing(changelog, bucketRecord(region, metric, undefined, dayNumberOf(day), { value, eventCount: events }, watermark))];
      },
      buckets.length,
    );
    await writer.produce(Array.from({ length: partitions }, (_, partition) => watermarkChangelogOutgoing(changelog, partition, benchLastDay)));
  });
  await writer.close();
  const measured = await measure(dataDir, changelog.name, (bus) => {
    const service = createAggregatorService({ bus, logger, namespace, query: false });
    const [contribution] = fanOut(createChangeLedger(), benchChange(eventCount), targetRegions);
    const input = contributionRecord(contributions, contribution!, 0, `${benchLastDay}T00:00:00Z`);
    return { component: service, groupId: service.groupIds.aggregate, input };
  });
  return {
    stage: 'aggregator aggregate',
    state: `daily buckets of the events (${buckets.length.toLocaleString('en-US')}) + 12 watermarks`,
    writeSeconds,
    ...measured,
  };
}

const rows: RestoreRow[] = [];
for (const scenario of [normalizerScenario, fanOutScenario, aggregateScenario]) {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigia-restore-bench-'));
  try {
    rows.push(await scenario(dataDir));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  globalThis.gc?.();
}
const load = loadavg()
  .map((value) => value.toFixed(1))
  .join(' ');
process.stdout.write(
  `\nRestart-to-ready on the embedded log (fsync=never), ${eventCount.toLocaleString('en-US')} events of history, ${machineDescription()}\n`,
);
process.stdout.write(`load average ${load} at the end\n\n`);
process.stdout.write(
  '| stage | state on its compacted topic | records | baseline: read to end (s) | restart-to-ready (s) | ratio | CPU (s) | heap after (MiB) |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n',
);
for (const row of rows) {
  const cells = [
    row.stage,
    row.state,
    row.stateRecords.toLocaleString('en-US'),
    row.baselineSeconds.toFixed(2),
    row.seconds.toFixed(2),
    `${(row.seconds / row.baselineSeconds).toFixed(2)} ×`,
    row.cpuSeconds.toFixed(2),
    String(row.heapMiB),
  ];
  process.stdout.write(`| ${cells.join(' | ')} |\n`);
}
recordResults('stage-restore', {
  events: eventCount,
  loadAverage: load,
  stages: rows.map((row) => ({ ...row, ratioToBaseline: Number((row.seconds / row.baselineSeconds).toFixed(2)) })),
});
