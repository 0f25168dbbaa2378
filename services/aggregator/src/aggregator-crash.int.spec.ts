import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createKafkaBus, type Bus } from '@vigia/bus';
import { listRegions, targetRegions } from '@vigia/geo';
import { topicSpecs, type RegionRef } from '@vigia/schemas';
import { pino } from 'pino';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { changeRecords, expectedIndicators, finalIndicators, latestByKey, waitForAggregator, waitUntil } from './testing/aggregator-support.ts';
import { calleria, changeStream, huanuco, incident, llochegua, pichari, recorded, survey } from './testing/event-changes.ts';

declare module 'vitest' {
  // Provided by tests/support/kafka-global-setup.ts (same declaration: that file is outside this package's tsconfig).
  export interface ProvidedContext {
    kafkaBrokers: string[];
  }
}

const logger = pino({ level: 'silent' });
const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));
const refs = (regions: readonly { code: string; level: RegionRef['level'] }[]): RegionRef[] => regions.map((r) => ({ code: r.code, level: r.level }));
const timeoutMs = 300_000;

/** The aggregator as its own OS process, as in production; its output is kept for the failure message. */
function startAggregator(brokers: readonly string[], namespace: string): { child: ChildProcess; failed: () => Error | undefined; output: () => string } {
  const child = spawn(process.execPath, [mainPath], {
    env: {
      PATH: process.env.PATH ?? '',
      KAFKA_BROKERS: brokers.join(','),
      VIGIA_NAMESPACE: namespace,
      VIGIA_OPS_PORT: '0',
      VIGIA_HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      // Small batches: many transactions, so the kill lands between and inside them.
      VIGIA_AGGREGATOR_MAX_BATCH_RECORDS: '25',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  let exit: string | undefined;
  child.on('exit', (code, signal) => (exit = `aggregator exited (code ${code}, signal ${signal})`));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    failed: () => (exit === undefined || child.signalCode === 'SIGKILL' ? undefined : new Error(`${exit}; output:\n${output}`)),
    output: () => output,
  };
}

async function committedTotal(bus: Bus, groupId: string, topic: string): Promise<number> {
  return (await bus.admin.groupOffsets(groupId, topic)).reduce((sum, entry) => sum + entry.offset, 0);
}

describe('aggregator crash recovery on the real broker', () => {
  it(
    'SIGKILLed mid-stream and restarted, it ends with the indicators of an uninterrupted run: nothing lost, nothing counted twice',
    async () => {
      const brokers = inject('kafkaBrokers');
      const bus = createKafkaBus({ brokers, clientId: 'vigia-aggregator-crash-test', heartbeatIntervalMs: 500, maxWaitTimeMs: 100 }, logger);
      onTestFinished(() => bus.close());
      const namespace = `crash-${randomUUID().slice(0, 8)}`;
      const bases = ['vigia.events.v1', 'vigia.events.dlq.v1', 'vigia.contributions.v1', 'vigia.aggregator.changelog.v1', 'vigia.indicators.v2'] as const;
      const specs = topicSpecs({ namespace, topics: bases, replicationFactor: 1 });
      await bus.admin.ensureTopics(specs);
      onTestFinished(() => bus.admin.deleteTopics(specs.map((spec) => spec.name)).catch(() => undefined));
      const [events, dlq, contributions, , indicators] = specs.map((spec) => spec.name) as [string, string, string, string, string];
      expect(specs.every((spec) => spec.partitions === 12)).toBe(true);
      const service = {
        topics: { events, contributions },
        groupIds: { fanOut: `${namespace}.vigia-aggregator-fan-out`, aggregate: `${namespace}.vigia-aggregator` },
      };

      const lastDay = '2024-05-31';
      const anchors = [pichari, llochegua, huanuco, calleria].map((ubigeo) => recorded(incident({ eventId: `anchor-${ubigeo}`, day: lastDay, ubigeo })));
      const surveys = [
        recorded(survey({ code: 'PE', level: 'national' }, 2023, 92_784)),
        recorded(survey({ code: 'zone:vraem', level: 'zone' }, 2023, 32_000)),
        recorded(survey({ code: 'zone:vraem', level: 'zone' }, 2024, 33_500)),
      ];
      const stream = [...changeStream(900, { lastDay, spanDays: 360, seed: 42 }), ...surveys];

      let first = startAggregator(brokers, namespace);
      await bus.produce(changeRecords(events, anchors));
      await waitForAggregator(bus, service, { timeoutMs: 120_000, failed: first.failed });
      const baseline = await committedTotal(bus, service.groupIds.aggregate, contributions);

      await bus.produce(changeRecords(events, stream));
      // Kill as soon as some of the stream is aggregated and committed — well before the end.
      await waitUntil(
        () => committedTotal(bus, service.groupIds.aggregate, contributions),
        (total) => total > baseline + 50,
        {
          label: 'the aggregate group to commit part of the stream',
          timeoutMs: 120_000,
          everyMs: 20,
          failed: first.failed,
        },
      );
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      const eventsEnd = (await bus.admin.endOffsets(events)).reduce((sum, end) => sum + end.offset, 0);
      const fanOutAtKill = await committedTotal(bus, service.groupIds.fanOut, events);
      const contributionsEnd = (await bus.admin.endOffsets(contributions)).reduce((sum, end) => sum + end.offset, 0);
      const aggregateAtKill = await committedTotal(bus, service.groupIds.aggregate, contributions);
      // The kill really was mid-stream: one of the stages had work left.
      expect(fanOutAtKill < eventsEnd || aggregateAtKill < contributionsEnd).toBe(true);

      first = startAggregator(brokers, namespace);
      await waitForAggregator(bus, service, { timeoutMs: 200_000, failed: first.failed });

      const actual = await finalIndicators(bus, indicators);
      const expected = expectedIndicators([...anchors, ...stream], (code) => refs(targetRegions(code)), {
        shareRegions: refs([...listRegions('zone'), ...listRegions('department')]),
      });
      expect(actual.size).toBeGreaterThan(500);
      expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
      expect(actual.get('zone:vraem|cultivation.coca.yoy-pct|annual|devida|2024')?.value).toBeCloseTo(((33_500 - 32_000) / 32_000) * 100, 10);
      expect((await latestByKey(bus, dlq)).size).toBe(0);
      first.child.kill('SIGTERM');
      await new Promise((resolve) => first.child.once('exit', resolve));
    },
    timeoutMs,
  );
});
