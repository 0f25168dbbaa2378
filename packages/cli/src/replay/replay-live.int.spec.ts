/**
 * "A replay of what the live pipeline processed gives the live pipeline's
 * alerts": `vigia up` runs every stage on the real Kafka broker over the
 * public scenario, in a namespace of its own; `vigia replay --source kafka`
 * then reads that namespace's `vigia.events.v1` and must report the same
 * alerts — each (rule, region, fingerprint) and whether it fired and resolved
 * — as the pipeline wrote to `vigia.alerts.v1` (record times aside).
 *
 * The absence rule (`silent-region`) is compared apart: it is judged at the
 * watermark, and the watermark is the latest day any partition has read, so
 * whether a region "went silent" for a while depends on how far the fastest
 * events partition ran ahead of the others — in the live pipeline as in a
 * replay (which reads partitions merged by record time). It must not differ
 * by more than a few alerts that fired and resolved again.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alerterHeaders } from '@vigia/alerter';
import { createBus, parseBusConfig, type ConsumedRecord } from '@vigia/bus';
import { createLogger } from '@vigia/service-kit';
import { decodeTopicValue, topicName } from '@vigia/schemas';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { runCli } from '../cli.ts';
import { memoryIo } from '../testing/memory-io.ts';

/** Every record of a namespace's `vigia.alerts.v1`, partition by partition. */
async function alertRecords(brokers: string, namespace: string): Promise<ConsumedRecord[]> {
  const bus = await createBus(parseBusConfig({ KAFKA_BROKERS: brokers }), createLogger({ name: 'test', level: 'error' }));
  onTestFinished(() => bus.close());
  const topic = topicName('vigia.alerts.v1', { namespace });
  const records: ConsumedRecord[] = [];
  for (const { partition } of await bus.admin.endOffsets(topic)) for await (const chunk of bus.readPartition(topic, partition)) records.push(...chunk);
  return records;
}

/** Each alert that fired or resolved, as `rule region fingerprint state`, sorted. */
async function liveAlerts(brokers: string, namespace: string): Promise<string[]> {
  const seen = new Set<string>();
  for (const record of await alertRecords(brokers, namespace)) {
    if (record.value === null) continue;
    const decoded = decodeTopicValue('vigia.alerts.v1', record.value);
    if (!decoded.ok) throw new Error(decoded.message);
    const alert = decoded.value;
    if (alert.state === 'firing' || alert.state === 'resolved') seen.add(`${alert.ruleId} ${alert.region.code} ${alert.fingerprint} ${alert.state}`);
  }
  return [...seen].sort();
}

/** The distinct values of the notify header on a namespace's alerts topic. */
async function notifyHeaders(brokers: string, namespace: string): Promise<string[]> {
  return [...new Set((await alertRecords(brokers, namespace)).map((record) => record.headers[alerterHeaders.notify] ?? 'absent'))];
}

interface ReportedAlert {
  readonly rule: string;
  readonly region: { readonly code: string };
  readonly fingerprint: string;
  readonly resolvedAt: string | null;
}

describe('vigia replay of what the live pipeline processed', () => {
  it('reports the alerts the live pipeline raised on the real broker', async () => {
    const brokers = inject('kafkaBrokers').join(',');
    const namespace = `replay-${randomUUID().slice(0, 8)}`;
    const up = memoryIo({ KAFKA_BROKERS: brokers });
    expect(await runCli(['up', '--count', '1500', '--namespace', namespace, '--no-color', '--log-level', 'error'], up), up.stderr.text()).toBe(0);
    const live = await liveAlerts(brokers, namespace);
    expect(live.some((alert) => alert.startsWith('coca-growth-yoy PE '))).toBe(true);

    const out = await mkdtemp(join(tmpdir(), 'vigia-replay-'));
    onTestFinished(() => rm(out, { recursive: true, force: true }));
    const replay = memoryIo({ KAFKA_BROKERS: brokers });
    const written = `${namespace}-backtest`;
    const args = [
      'replay',
      '--source',
      'kafka',
      '--namespace',
      namespace,
      '--from',
      '2000-01-01',
      '--to',
      '2030-12-31',
      '--out',
      out,
      '--progress',
      'none',
      '--write-namespace',
      written,
    ];
    expect(await runCli(args, replay), replay.stderr.text()).toBe(0);
    const reported = (JSON.parse(await readFile(join(out, 'alerts.json'), 'utf8')) as { alerts: ReportedAlert[] }).alerts;
    const replayed = [
      ...new Set(
        reported.flatMap((alert) => {
          const id = `${alert.rule} ${alert.region.code} ${alert.fingerprint}`;
          return alert.resolvedAt === null ? [`${id} firing`] : [`${id} firing`, `${id} resolved`];
        }),
      ),
    ].sort();
    const isAbsence = (alert: string) => alert.startsWith('silent-region ');
    expect(replayed.filter((alert) => !isAbsence(alert))).toEqual(live.filter((alert) => !isAbsence(alert)));
    // --write-namespace: the same alerts, as the alerter writes them, in the isolated namespace only, none to notify.
    expect(await liveAlerts(brokers, written)).toEqual(replayed);
    expect(replay.stdout.text()).toContain(`written to ${topicName('vigia.alerts.v1', { namespace: written })} (not to notify)`);
    expect(await notifyHeaders(brokers, written)).toEqual(['false']);
    const absenceDifference = [...replayed.filter((alert) => !live.includes(alert)), ...live.filter((alert) => !replayed.includes(alert))].filter(isAbsence);
    expect(absenceDifference.length, absenceDifference.join('\n')).toBeLessThanOrEqual(6);
  }, 600_000);
});
