/**
 * End-to-end latency at a steady offered load: the whole pipeline in-process
 * on the broker (normalizer, aggregator, alerter with the default rules, no
 * schedules), fed through the ingest core at BENCH_LATENCY_RATE reports/s
 * (default 1,000) of the `baseline` scenario for BENCH_LATENCY_SECONDS
 * (default 30; --quick 5). Four times a second a probe report — a seizure of
 * 1,500 kg of cocaine hydrochloride, which the default `large-cocaine-seizure`
 * single-event rule pages for — is timed from its ingest acknowledgement to
 * the first record on `vigia.alerts.v1` that names its event id. (The probe's
 * alert path is ingest → normalizer → alerter; the aggregator runs beside it
 * on the same load and cores.)
 *
 * Percentiles count a probe that never alerted (within 30 s, --quick 10 s, after the load
 * stopped) as infinitely late, printed `never`: a pipeline that cannot keep up
 * with the offered rate must not look fast because only its early probes arrived.
 *
 * Baseline: the same probes through raw kafkajs — produced (acks=all) beside
 * the same load and timed to a consumer group that receives them.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { createAggregatorService } from '@vigia/aggregator';
import { createAlerterService } from '@vigia/alerter';
import { createKafkaBus, type Bus } from '@vigia/bus';
import { createIngestCore, createRecordReader, type IngestCore } from '@vigia/ingest';
import { createNormalizerStage } from '@vigia/normalizer';
import { defaultRulesUrl } from '@vigia/rules';
import { topicName, topicSpecs } from '@vigia/schemas';
import { Lifecycle } from '@vigia/service-kit';
import { ndjsonLine, scenarioRecords } from '@vigia/simulate';
import { benchBrokers, machineDescription, quickMode, recordResults } from '../bench-support.ts';

const rate = Number(process.env.BENCH_LATENCY_RATE ?? 1_000);
const durationSeconds = Number(process.env.BENCH_LATENCY_SECONDS ?? (quickMode ? 5 : 30));
const probeEveryMs = 250;
/** Unacknowledged load sends at once; past it the offered rate falls, which the table shows. */
const maxInFlight = 64;
/** After the load stops, how long a probe may still take before it counts as never alerted. */
const drainMs = quickMode ? 10_000 : 30_000;
const logger = pino({ level: 'warn' }, pino.destination(2));
const encoder = new TextEncoder();
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

interface LoadLine {
  readonly line: string;
  readonly day: string;
}

function loadLines(count: number): LoadLine[] {
  const lines: LoadLine[] = [];
  for (const record of scenarioRecords({ scenario: 'baseline', count, seed: 'bench-latency' })) {
    const occurredAt = (record.report as { occurredAt?: unknown }).occurredAt;
    lines.push({ line: `${ndjsonLine(record)}\n`, day: typeof occurredAt === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(occurredAt) ? occurredAt : '' });
  }
  return lines;
}

function probeReport(eventId: string, day: string): string {
  return `${JSON.stringify({
    kind: 'seizure',
    eventId,
    revision: 1,
    occurredAt: day,
    source: { name: 'DIRANDRO-PNP', kind: 'police' },
    place: '080917',
    items: [{ substance: 'cocaine-hydrochloride', quantity: 1500, unit: 'kg' }],
    reportedAt: `${day}T12:00:00-05:00`,
  })}\n`;
}

async function submitLines(core: IngestCore, lines: readonly string[]): Promise<number> {
  const reader = createRecordReader({ kind: 'ndjson' }, { maxRecordBytes: 262_144 });
  const items = [...reader.push(encoder.encode(lines.join(''))), ...reader.end()];
  const outcome = await core.submit({ channel: 'cli', publisher: 'bench', fileName: 'bench.ndjson', batchId: randomUUID(), format: 'ndjson' }, items);
  return outcome.accepted;
}

/**
 * Offers `rate` per second for `durationSeconds` as an open loop: every 20 ms
 * it sends what is owed (at most 100 per call) without waiting for earlier
 * sends, up to `maxInFlight` unacknowledged calls — a steady offered rate, not
 * one that slows down with the system under test. A separate timer sends a
 * probe every `probeEveryMs`. Returns what was offered and how long it took.
 */
async function steadyLoad(send: (count: number) => Promise<void>, probe: (index: number) => Promise<void>): Promise<{ offered: number; seconds: number }> {
  const started = nowMs();
  let sent = 0;
  const probes: Promise<void>[] = [];
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => probes.push(probe(probes.length)), probeEveryMs);
  try {
    while (nowMs() - started < durationSeconds * 1000) {
      const owed = Math.min(Math.floor(((nowMs() - started) * rate) / 1000) - sent, 100);
      if (owed > 0 && inFlight.size < maxInFlight) {
        const sending: Promise<void> = send(owed).finally(() => inFlight.delete(sending));
        inFlight.add(sending);
        sent += owed;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  } finally {
    clearInterval(timer);
  }
  const seconds = (nowMs() - started) / 1000;
  await Promise.all([...inFlight, ...probes]);
  return { offered: sent, seconds };
}

/**
 * Acknowledgement and arrival times of probes, matched whichever comes first:
 * a fast path can deliver a probe before its producer's acknowledgement
 * resolves (then its latency is 0: nothing to wait for after the ack).
 */
class ProbeClock {
  readonly #acked = new Map<string, number>();
  readonly #arrived = new Map<string, number>();
  readonly #latencies: number[] = [];
  acked(probeId: string): void {
    this.#settle(probeId, nowMs(), this.#arrived.get(probeId));
    if (!this.#arrived.has(probeId)) this.#acked.set(probeId, nowMs());
  }
  /** Called with every record seen; `mentions(id)` says whether it is probe `id`'s. */
  seen(mentions: (probeId: string) => boolean, candidates: Iterable<string>): void {
    const at = nowMs();
    for (const probeId of candidates) {
      if (!mentions(probeId) || this.#arrived.has(probeId)) continue;
      this.#arrived.set(probeId, at);
      this.#settle(probeId, this.#acked.get(probeId), at);
    }
  }
  #settle(probeId: string, ackAt: number | undefined, arrivedAt: number | undefined): void {
    if (ackAt === undefined || arrivedAt === undefined) return;
    this.#latencies.push(Math.max(0, arrivedAt - ackAt));
    this.#acked.delete(probeId);
  }
  get pending(): number {
    return this.#acked.size;
  }
  get latencies(): readonly number[] {
    return this.#latencies;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface LatencyResult {
  readonly offeredPerSecond: number;
  readonly acceptedPerSecond: number;
  readonly probes: number;
  readonly missing: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** The slowest probe that did arrive: with probes missing, how far behind the pipeline had fallen. */
  readonly maxArrivedMs: number;
}

/** Percentiles over every probe; a probe that never arrived counts as infinitely late. */
function summarize(latencies: readonly number[], probes: number, offered: number, accepted: number, seconds: number): LatencyResult {
  const sorted = [...latencies, ...Array<number>(probes - latencies.length).fill(Number.POSITIVE_INFINITY)].sort((a, b) => a - b);
  return {
    offeredPerSecond: Math.round(offered / seconds),
    acceptedPerSecond: Math.round(accepted / seconds),
    probes,
    missing: probes - latencies.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxArrivedMs: latencies.length === 0 ? Number.NaN : Math.max(...latencies),
  };
}

async function vigiaLatency(bus: Bus, namespace: string, lines: readonly LoadLine[]): Promise<LatencyResult> {
  const specs = topicSpecs({ namespace, replicationFactor: 1 });
  await bus.admin.ensureTopics(specs);
  const lifecycle = new Lifecycle({ logger, graceTimeoutMs: 30_000, forceTimeoutMs: 60_000, exit: () => undefined });
  lifecycle
    .add(createNormalizerStage({ bus, logger, namespace }))
    .add(createAggregatorService({ bus, logger, namespace, query: false, ensureTopics: false }))
    .add(createAlerterService({ bus, logger, namespace, rulesText: await readFile(defaultRulesUrl, 'utf8'), schedules: false, ensureTopics: false }));
  const core = createIngestCore({ bus, logger, namespace });
  const clock = new ProbeClock();
  const probeIds: string[] = [];
  const decoder = new TextDecoder();
  const alerts = await bus.subscribe({
    groupId: `bench-latency-${randomUUID()}`,
    topics: [topicName('vigia.alerts.v1', { namespace })],
    eachBatch: async (batch, context) => {
      for (const record of batch.records) {
        const text = record.value === null ? '' : decoder.decode(record.value);
        clock.seen((probeId) => text.includes(probeId), probeIds);
      }
      const last = batch.records.at(-1);
      if (last !== undefined) await context.commit([], last.offset + 1);
    },
  });
  await lifecycle.start();
  let cursor = 0;
  let accepted = 0;
  let currentDay = lines.find((l) => l.day !== '')?.day ?? '2022-01-01';
  try {
    const load = await steadyLoad(
      async (count) => {
        const chunk = lines.slice(cursor, cursor + count);
        cursor += count;
        for (const l of chunk) if (l.day > currentDay) currentDay = l.day;
        // Not `accepted += await …`: that reads `accepted` before the await and loses concurrent sends' counts.
        const acceptedNow = await submitLines(
          core,
          chunk.map((l) => l.line),
        );
        accepted += acceptedNow;
      },
      async (index) => {
        const probeId = `probe-${namespace}-${index}`;
        probeIds.push(probeId);
        await submitLines(core, [probeReport(probeId, currentDay)]);
        clock.acked(probeId);
      },
    );
    const deadline = nowMs() + drainMs;
    while (clock.pending > 0 && nowMs() < deadline && lifecycle.state !== 'failed') await new Promise((resolve) => setTimeout(resolve, 50));
    if (lifecycle.state === 'failed') throw new Error('a pipeline stage failed; see its log on stderr');
    return summarize(clock.latencies, probeIds.length, load.offered, accepted, load.seconds);
  } finally {
    await alerts.stop();
    await lifecycle.stop();
    await bus.admin.deleteTopics(specs.map((spec) => spec.name)).catch(() => undefined);
  }
}

async function kafkajsLatency(kafka: kafkajs.Kafka, namespace: string, lines: readonly LoadLine[]): Promise<LatencyResult> {
  const topic = `${namespace}.kafkajs-latency`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 12, replicationFactor: 1 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `bench-latency-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const clock = new ProbeClock();
  const probeIds: string[] = [];
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const key = message.key?.toString() ?? '';
          if (key.startsWith('probe-')) clock.seen((probeId) => probeId === key, [key]);
        }
      },
    });
    let cursor = 0;
    const load = await steadyLoad(
      async (count) => {
        const chunk = lines.slice(cursor, cursor + count);
        cursor += count;
        await producer.send({ topic, acks: -1, messages: chunk.map((l, i) => ({ key: `load-${cursor + i}`, value: l.line })) });
      },
      async (index) => {
        const probeId = `probe-${index}`;
        probeIds.push(probeId);
        await producer.send({ topic, acks: -1, messages: [{ key: probeId, value: probeReport(probeId, '2024-01-01') }] });
        clock.acked(probeId);
      },
    );
    const deadline = nowMs() + drainMs;
    while (clock.pending > 0 && nowMs() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return summarize(clock.latencies, probeIds.length, load.offered, load.offered, load.seconds);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const brokers = benchBrokers(process.env);
  const kafka = new kafkajs.Kafka({ brokers, clientId: 'vigia-bench-latency', logLevel: kafkajs.logLevel.NOTHING });
  const bus = createKafkaBus({ brokers, clientId: 'vigia-bench-latency' }, logger);
  const namespace = `bench-${randomUUID().slice(0, 8)}`;
  const lines = loadLines(Math.ceil(rate * durationSeconds * 1.1));
  try {
    const baseline = await kafkajsLatency(kafka, namespace, lines);
    const vigia = await vigiaLatency(bus, namespace, lines);
    const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : 'never');
    const ratio = (a: number, b: number) => (Number.isFinite(a) ? `${(a / b).toFixed(1)} ×` : 'n/a');
    console.log(
      `\nEnd-to-end latency at ${rate.toLocaleString('en-US')} reports/s offered for ${durationSeconds} s — ${new Date().toISOString().slice(0, 10)} — ${machineDescription()}; broker at ${brokers.join(',')}\n`,
    );
    console.log('| path | offered/s | accepted/s | probes | never arrived | p50 ms | p95 ms | p99 ms | slowest arrived ms | p99 ratio |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const [name, r] of [
      ['kafkajs produce (acks=all) → group consumer', baseline],
      ['Vigía: ingest ack → alert (large-cocaine-seizure)', vigia],
    ] as const) {
      console.log(
        `| ${name} | ${r.offeredPerSecond} | ${r.acceptedPerSecond} | ${r.probes} | ${r.missing} | ${ms(r.p50Ms)} | ${ms(r.p95Ms)} | ${ms(r.p99Ms)} | ${ms(r.maxArrivedMs)} | ${r === baseline ? 'baseline' : ratio(r.p99Ms, baseline.p99Ms)} |`,
      );
    }
    const finite = (value: number) => (Number.isFinite(value) ? Number(value.toFixed(1)) : null);
    const json = (r: LatencyResult) => ({ ...r, p50Ms: finite(r.p50Ms), p95Ms: finite(r.p95Ms), p99Ms: finite(r.p99Ms), maxArrivedMs: finite(r.maxArrivedMs) });
    recordResults('pipeline-latency', {
      rate,
      durationSeconds,
      baseline: { path: 'kafkajs produce (acks=all) → group consumer', ...json(baseline) },
      vigia: {
        path: 'ingest ack → alert on vigia.alerts.v1',
        ...json(vigia),
        p99Ratio: Number.isFinite(vigia.p99Ms) ? Number((vigia.p99Ms / baseline.p99Ms).toFixed(2)) : null,
      },
    });
    if (vigia.missing === vigia.probes)
      throw new Error(`no probe alert arrived within ${drainMs / 1000} s after the load: the pipeline or the probe rule is broken`);
  } finally {
    await bus.close();
  }
}

await main();
