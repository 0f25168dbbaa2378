import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus, createKafkaBus, type Bus, type ConsumedRecord } from '@vigia/bus';
import { bytesOfDlqPayload, decodeTopicValue, headersOfDlqRecord, type CanonicalEvent, type EventChange } from '@vigia/schemas';
import { MetricsRegistry } from '@vigia/service-kit';
import { pino } from 'pino';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { readTopic, runStage, waitForCaughtUp } from '../testing/bus-support.ts';
import { afterRestart, mixedBatch, rawRecords, type ScenarioRecord } from '../testing/mixed-batch.ts';
import { createNormalizerStage } from './normalizer-stage.ts';

declare module 'vitest' {
  // Provided by tests/support/kafka-global-setup.ts (same declaration: that file is outside this package's tsconfig).
  export interface ProvidedContext {
    kafkaBrokers: string[];
  }
}

const logger = pino({ level: 'silent' });

function describeChange(change: EventChange): string {
  if (change.type === 'event.recorded') return `event.recorded ${change.event.eventId}@${change.event.revision}`;
  if (change.type === 'event.revised') return `event.revised ${change.current.eventId}@${change.current.revision}`;
  return `event.retracted ${change.previous.eventId}`;
}

function outcomes(events: readonly ConsumedRecord[], dlq: readonly ConsumedRecord[]): string[] {
  const changes = events.map((record) => {
    const decoded = decodeTopicValue('vigia.events.v1', record.value!);
    if (!decoded.ok) throw new Error(`undecodable change at offset ${record.offset}: ${decoded.message}`);
    expect(record.key).toBe(decoded.value.type === 'event.recorded' ? decoded.value.event.eventId : record.key);
    return describeChange(decoded.value);
  });
  const rejections = dlq.map((record) => {
    const decoded = decodeTopicValue('vigia.events.dlq.v1', record.value!);
    if (!decoded.ok) throw new Error(`undecodable DLQ record: ${decoded.message}`);
    return `DLQ ${decoded.value.reason}`;
  });
  return [...changes, ...rejections].sort();
}

const expectedOf = (scenario: readonly ScenarioRecord[]) => scenario.map((record) => record.expected).sort();

type BusFactory = () => Promise<Bus>;

const adapters: [string, BusFactory, number][] = [
  [
    'embedded',
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'vigia-normalizer-'));
      const bus = await createEmbeddedBus({ dataDir, logger, fsync: 'never' });
      onTestFinished(async () => {
        await bus.close();
        await rm(dataDir, { recursive: true, force: true });
      });
      return bus;
    },
    60_000,
  ],
  [
    'kafka',
    async () => {
      const bus = createKafkaBus({ brokers: inject('kafkaBrokers'), clientId: 'vigia-normalizer-test', heartbeatIntervalMs: 500, maxWaitTimeMs: 100 }, logger);
      onTestFinished(() => bus.close());
      return bus;
    },
    180_000,
  ],
];

describe.each(adapters)('normalizer stage on the %s bus', (_name, openBus, timeoutMs) => {
  it(
    'turns a mixed batch into exactly the expected canonical changes and DLQ records, and restores its state after a restart',
    async () => {
      const bus = await openBus();
      const namespace = randomUUID();
      const metrics = new MetricsRegistry();
      const first = createNormalizerStage({ bus, logger, metrics, namespace, replicationFactor: 1 });
      const firstRun = await runStage(first, logger);
      onTestFinished(() => bus.admin.deleteTopics(Object.values(first.topics)).catch(() => undefined));

      const batch = mixedBatch();
      await bus.produce(rawRecords(first.topics.raw, batch));
      await waitForCaughtUp(bus, first, { timeoutMs });
      const events = await readTopic(bus, first.topics.events);
      const dlq = await readTopic(bus, first.topics.dlq);

      // accepted = canonical + DLQ, and each record became what it should.
      expect(events.length + dlq.length).toBe(batch.length);
      expect(outcomes(events, dlq)).toEqual(expectedOf(batch));

      // The DLQ keeps the original record: key, bytes, headers and where it was read.
      const rejected = dlq.map((record) => ({ record, value: decodeTopicValue('vigia.events.dlq.v1', record.value!) }));
      for (const { record, value } of rejected) {
        if (!value.ok) throw new Error(value.message);
        const original = batch.find((candidate) => candidate.key === record.key && candidate.expected === `DLQ ${value.value.reason}`);
        expect(original, `${record.key} ${value.value.reason}`).toBeDefined();
        expect(value.value.payload === null ? null : bytesOfDlqPayload(value.value.payload)).toEqual(original!.value);
        expect(value.value).toMatchObject({ stage: 'normalizer', source: { topic: first.topics.raw, key: record.key } });
        expect(headersOfDlqRecord(value.value)['ce_source']).toBe('/vigia/ingest');
      }
      const ambiguous = rejected.find(({ record }) => record.key === 'ambiguous-1')?.value;
      expect(ambiguous?.ok && ambiguous.value.message).toContain('Santa Rosa (district');

      // The revision chain: 14, then 16, then 18 dead, each revision carrying the one it replaces.
      const chain = events
        .map((record) => decodeTopicValue('vigia.events.v1', record.value!))
        .flatMap((decoded) => (decoded.ok && decoded.value.type === 'event.revised' ? [decoded.value] : []))
        .map((change) => [civiliansKilled(change.previous), civiliansKilled(change.current)]);
      expect(chain).toEqual([
        [14, 16],
        [16, 18],
      ]);
      expect(events.every((record) => record.headers['ce_type']?.startsWith('pe.vigia.event.'))).toBe(true);
      expect((await metrics.exposition()).text).toContain('vigia_stage_records_rejected_total{stage="normalizer",reason="PLACE_UNKNOWN"} 1');
      expect((await metrics.exposition()).text).toContain('vigia_normalizer_events_published_total{change="event.revised"} 2');

      // A restarted stage knows every event again from its compacted state topic, one record per accepted change.
      await firstRun.stop();
      expect((await readTopic(bus, first.topics.state)).length).toBe(events.length);
      const second = createNormalizerStage({ bus, logger, namespace, replicationFactor: 1 });
      await runStage(second, logger);
      const more = afterRestart();
      await bus.produce(rawRecords(second.topics.raw, more));
      await waitForCaughtUp(bus, second, { timeoutMs });
      const allEvents = await readTopic(bus, second.topics.events);
      const allDlq = await readTopic(bus, second.topics.dlq);
      expect(allEvents.length + allDlq.length).toBe(batch.length + more.length);
      expect(outcomes(allEvents, allDlq)).toEqual(expectedOf([...batch, ...more]));
      const latest = allEvents.map(decodeOk).find((change) => describeChange(change) === 'event.revised vizcatan-2023-05@4');
      expect(latest?.type === 'event.revised' && civiliansKilled(latest.previous)).toBe(18);
    },
    timeoutMs,
  );
});

function civiliansKilled(event: CanonicalEvent): number | undefined {
  return event.kind === 'incident' ? event.casualties.civilians.killed : undefined;
}

function decodeOk(record: ConsumedRecord): EventChange {
  const decoded = decodeTopicValue('vigia.events.v1', record.value!);
  if (!decoded.ok) throw new Error(decoded.message);
  return decoded.value;
}
