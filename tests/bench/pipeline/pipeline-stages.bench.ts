/**
 * Every Vigía stage's throughput on the real broker, one stage at a time, as a
 * ratio of a raw kafkajs passthrough of the same raw reports in the same run:
 *
 * - ingest: the ingest core (the HTTP API's and `vigia ingest`'s path without
 *   the socket) submits the `baseline` scenario's NDJSON in batches of 500,
 *   timed until the bus acknowledged every record;
 * - normalizer, aggregator (fan-out + aggregate), alerter (default rules, no
 *   schedules): each started alone on the previous stage's output, timed until
 *   all its groups committed to the end of their inputs.
 *
 * Rates are raw reports per second for every row, so the rows add up to the
 * pipeline. BENCH_STAGE_REPORTS (default 5,000; --quick 400); KAFKA_BROKERS.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { createAggregatorService } from '@vigia/aggregator';
import { createAlerterService } from '@vigia/alerter';
import { createKafkaBus, type Bus } from '@vigia/bus';
import { createIngestCore, createRecordReader } from '@vigia/ingest';
import { createNormalizerStage } from '@vigia/normalizer';
import { defaultRulesUrl } from '@vigia/rules';
import { topicSpecs } from '@vigia/schemas';
import { Lifecycle, type LifecycleComponent } from '@vigia/service-kit';
import { ndjsonLine, scenarioRecords } from '@vigia/simulate';
import { benchBrokers, formatTable, machineDescription, measurementFigures, quickMode, recordResults, timed, type Measurement } from '../bench-support.ts';
import { groupCaughtUp, passthrough, until } from '../kafka-progress.ts';

const reportCount = Number(process.env.BENCH_STAGE_REPORTS ?? (quickMode ? 400 : 5_000));
const logger = pino({ level: 'warn' }, pino.destination(2));

/** Runs one stage alone until each (group, topic) it reads is committed to the end; its seconds. */
async function runStage(bus: Bus, component: LifecycleComponent, inputs: readonly { groupId: string; topic: string }[]): Promise<number> {
  const lifecycle = new Lifecycle({ logger, graceTimeoutMs: 30_000, forceTimeoutMs: 60_000, exit: () => undefined });
  lifecycle.add(component);
  const failed = () => lifecycle.state === 'failed';
  const seconds = await timed(async () => {
    await lifecycle.start();
    for (const { groupId, topic } of inputs) await until(() => groupCaughtUp(bus, groupId, topic), failed, component.name);
  });
  await lifecycle.stop();
  return seconds;
}

async function ingest(bus: Bus, namespace: string): Promise<{ seconds: number; bytes: number; accepted: number }> {
  const core = createIngestCore({ bus, logger, namespace });
  await core.ensureTopics();
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let lines: string[] = [];
  for (const record of scenarioRecords({ scenario: 'baseline', count: reportCount, seed: 'bench' })) {
    lines.push(`${ndjsonLine(record)}\n`);
    if (lines.length === 500) {
      chunks.push(encoder.encode(lines.join('')));
      lines = [];
    }
  }
  if (lines.length > 0) chunks.push(encoder.encode(lines.join('')));
  let accepted = 0;
  const seconds = await timed(async () => {
    for (const chunk of chunks) {
      const reader = createRecordReader({ kind: 'ndjson' }, { maxRecordBytes: 262_144 });
      const items = [...reader.push(chunk), ...reader.end()];
      const outcome = await core.submit({ channel: 'cli', publisher: 'bench', fileName: 'bench.ndjson', batchId: randomUUID(), format: 'ndjson' }, items);
      accepted += outcome.accepted;
    }
  });
  return { seconds, bytes: chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0), accepted };
}

async function main(): Promise<void> {
  const brokers = benchBrokers(process.env);
  const kafka = new kafkajs.Kafka({ brokers, clientId: 'vigia-bench-stages', logLevel: kafkajs.logLevel.NOTHING });
  const bus = createKafkaBus({ brokers, clientId: 'vigia-bench-stages' }, logger);
  const namespace = `bench-${randomUUID().slice(0, 8)}`;
  const specs = topicSpecs({ namespace, replicationFactor: 1 });
  await bus.admin.ensureTopics(specs);
  const copyTopic = `${namespace}.passthrough`;
  try {
    const ingested = await ingest(bus, namespace);
    const normalizer = createNormalizerStage({ bus, logger, namespace });
    await bus.admin.ensureTopics([
      { name: copyTopic, partitions: specs.find((spec) => spec.name === normalizer.topics.raw)!.partitions, cleanupPolicy: 'delete', replicationFactor: 1 },
    ]);
    const baseline = 'kafkajs passthrough of vigia.events.raw.v1 (group, idempotent producer)';
    const passthroughSeconds = await passthrough(kafka, bus, normalizer.topics.raw, copyTopic);
    const normalizerSeconds = await runStage(bus, normalizer, [{ groupId: normalizer.groupId, topic: normalizer.topics.raw }]);
    const aggregator = createAggregatorService({ bus, logger, namespace, query: false, ensureTopics: false });
    const aggregatorSeconds = await runStage(bus, aggregator, [
      { groupId: aggregator.groupIds.fanOut, topic: aggregator.topics.events },
      { groupId: aggregator.groupIds.aggregate, topic: aggregator.topics.contributions },
    ]);
    const alerter = createAlerterService({ bus, logger, namespace, rulesText: await readFile(defaultRulesUrl, 'utf8'), schedules: false, ensureTopics: false });
    const alerterSeconds = await runStage(bus, alerter, [
      { groupId: alerter.groupIds.regions, topic: alerter.topics.indicators },
      { groupId: alerter.groupIds.regions, topic: alerter.topics.contributions },
      { groupId: alerter.groupIds.events, topic: alerter.topics.events },
    ]);
    const row = (scenario: string, seconds: number, batch: string, base?: string): Measurement => ({
      scenario,
      messages: reportCount,
      bytes: ingested.bytes,
      seconds,
      batch,
      ...(base === undefined ? {} : { baseline: base }),
    });
    const measurements = [
      row(baseline, passthroughSeconds, 'fetch batches'),
      row('ingest core: NDJSON → vigia.events.raw.v1 (acks=all)', ingested.seconds, '500 reports per submission', baseline),
      row('normalizer (transactional)', normalizerSeconds, 'processor batches', baseline),
      row('aggregator: fan-out + aggregate (transactional)', aggregatorSeconds, 'processor batches', baseline),
      row('alerter: default rules, no schedules (transactional)', alerterSeconds, 'processor batches', baseline),
    ];
    console.log(`\nPipeline stages — ${new Date().toISOString().slice(0, 10)} — ${machineDescription()}`);
    console.log(
      `${reportCount.toLocaleString('en-US')} raw reports of the baseline scenario (${ingested.accepted.toLocaleString('en-US')} accepted at ingest); rates are raw reports/s; broker at ${brokers.join(',')}\n`,
    );
    console.log(formatTable(measurements));
    recordResults('pipeline-stages', { reports: reportCount, acceptedAtIngest: ingested.accepted, throughput: measurementFigures(measurements) });
  } finally {
    await bus.admin.deleteTopics([...specs.map((spec) => spec.name), copyTopic]).catch(() => undefined);
    await bus.close();
  }
}

await main();
