import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus, partitionForKey, type Bus, type ConsumedRecord } from '@vigia/bus';
import { encodeTopicValue, indicatorSeriesKey, seriesOfValue, type AlertAction, type IndicatorValue } from '@vigia/schemas';
import { Lifecycle, type LifecycleComponent } from '@vigia/service-kit';
import { pino, type Logger } from 'pino';
import { onTestFinished } from 'vitest';

export const silentLogger: Logger = pino({ level: 'silent' });

/** A fresh embedded bus in its own temp dir, closed and removed when the test finishes. */
export async function embeddedBus(logger: Logger = silentLogger): Promise<{ bus: Bus; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigia-alerter-'));
  const bus = await createEmbeddedBus({ dataDir, logger, fsync: 'never' });
  onTestFinished(async () => {
    await bus.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { bus, dataDir };
}

/** Runs components in a lifecycle stopped at the end of the test (or earlier by the caller). */
export async function run(logger: Logger, ...components: LifecycleComponent[]): Promise<Lifecycle> {
  const lifecycle = new Lifecycle({
    logger,
    graceTimeoutMs: 10_000,
    forceTimeoutMs: 20_000,
    exit: (code) => {
      throw new Error(`forced exit ${code}`);
    },
  });
  for (const component of components) lifecycle.add(component);
  onTestFinished(() => lifecycle.stop().then(() => undefined));
  await lifecycle.start();
  return lifecycle;
}

export async function waitUntil<T>(probe: () => Promise<T> | T, condition: (value: T) => boolean, label: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}; last value: ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function readTopic(bus: Bus, topic: string): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  for (const { partition, offset } of await bus.admin.endOffsets(topic)) {
    if (offset === 0) continue;
    for await (const chunk of bus.readPartition(topic, partition)) records.push(...chunk);
  }
  return records;
}

export const decodeJson = (record: ConsumedRecord): Record<string, unknown> => JSON.parse(new TextDecoder().decode(record.value!)) as Record<string, unknown>;

export function indicator(overrides: Partial<IndicatorValue> & Pick<IndicatorValue, 'region' | 'level' | 'metric' | 'window' | 'value'>): IndicatorValue {
  return { type: 'indicator.updated', asOf: '2024-03-14', previousValue: null, correction: false, contributingEvents: 1, ...overrides };
}

/** Publishes each value as a series record of its own that changed that one figure. */
export async function publishIndicators(bus: Bus, topic: string, values: readonly IndicatorValue[]): Promise<void> {
  await bus.produce(
    values.map((value) => {
      const series = seriesOfValue(value);
      return { topic, key: indicatorSeriesKey(series), partition: partitionForKey(value.region, 12), value: encodeTopicValue('vigia.indicators.v2', series) };
    }),
  );
}

export async function publishAction(bus: Bus, topic: string, action: AlertAction): Promise<void> {
  await bus.produce([
    {
      topic,
      key: 'fingerprint' in action ? action.fingerprint : `silence:${action.silenceId}`,
      partition: 0,
      value: encodeTopicValue('vigia.alert-actions.v1', action),
    },
  ]);
}

/** A webhook receiver on 127.0.0.1: answers each request with the next status of `statuses` (then 200). */
export async function webhookReceiver(
  statuses: readonly number[] = [],
  delayMs = 0,
): Promise<{ url: string; bodies: unknown[]; requests: IncomingMessage[]; attempts: () => number }> {
  const bodies: unknown[] = [];
  const requests: IncomingMessage[] = [];
  let attempt = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = statuses[attempt++] ?? 200;
      setTimeout(() => {
        if (status === 200) {
          bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          requests.push(request);
        }
        response.writeHead(status).end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=x`, bodies, requests, attempts: () => attempt };
}

export const testRules = `
rules:
  - id: clashes-7d
    kind: threshold
    severity: warning
    appliesTo: { levels: [province] }
    metric: incidents.armed-clash.count
    window: 7d
    when: { atLeast: 3 }
    resolve: { atMost: 1 }
    summary: '{{value}} armed clashes in {{region}} in 7 days'
  - id: coca-growth-yoy
    kind: growth
    severity: critical
    appliesTo: { levels: [zone, department, national] }
    metric: cultivation.coca.ha
    change: percent
    when: { above: 15 }
    minPrevious: 100
    summary: 'Coca in {{region}} grew {{change_percent}} %'
`;
