import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlerterService, type AlerterService } from '@vigia/alerter';
import { createEmbeddedBus, partitionForKey, type Bus } from '@vigia/bus';
import { encodeTopicValue, indicatorSeriesKey, seriesOfValue, type IndicatorValue } from '@vigia/schemas';
import { hashApiKey, Lifecycle, type LifecycleComponent } from '@vigia/service-kit';
import { pino, type Logger } from 'pino';
import { onTestFinished } from 'vitest';
import { readEventStream, type ServerSentEvent } from '../client/event-stream.ts';
import { createConsoleService, type ConsoleService, type ConsoleServiceOptions } from '../console-service.ts';
import { parseConsoleApiKey } from '../http/roles.ts';

export const silentLogger: Logger = pino({ level: 'silent' });

export const keys = { viewer: 'k-viewer-0123456789', operator: 'k-operator-0123456789' } as const;
export const apiKeys = [
  parseConsoleApiKey(`analista.lima:viewer:${hashApiKey(keys.viewer)}`),
  parseConsoleApiKey(`operador.vraem:operator:${hashApiKey(keys.operator)}`),
];

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
`;

/** A fresh embedded bus in its own temp dir, closed and removed when the test finishes. */
export async function embeddedBus(): Promise<Bus> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigia-console-'));
  const bus = await createEmbeddedBus({ dataDir, logger: silentLogger, fsync: 'never' });
  onTestFinished(async () => {
    await bus.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return bus;
}

/** Alerter and console on one bus, stopped when the test finishes. */
export async function consoleWithAlerter(
  bus: Bus,
  extra: Partial<ConsoleServiceOptions> = {},
): Promise<{ console: ConsoleService; alerter: AlerterService; url: string }> {
  const alerter = createAlerterService({ bus, logger: silentLogger, rulesText: testRules, schedules: false });
  const service = createConsoleService({ bus, logger: silentLogger, apiKeys, instanceId: `test-${process.pid}`, ...extra });
  await run(alerter, service);
  return { console: service, alerter, url: service.address!.url };
}

export async function run(...components: LifecycleComponent[]): Promise<Lifecycle> {
  const lifecycle = new Lifecycle({
    logger: silentLogger,
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

export function clashes(region: string, value: number, asOf: string): IndicatorValue {
  return {
    type: 'indicator.updated',
    region,
    level: 'province',
    metric: 'incidents.armed-clash.count',
    window: '7d',
    value,
    asOf,
    previousValue: null,
    correction: false,
    contributingEvents: value,
  };
}

export async function publishIndicators(bus: Bus, topic: string, values: readonly IndicatorValue[]): Promise<void> {
  await bus.produce(
    values.map((value) => {
      const series = seriesOfValue(value);
      return { topic, key: indicatorSeriesKey(series), partition: partitionForKey(value.region, 12), value: encodeTopicValue('vigia.indicators.v2', series) };
    }),
  );
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

export function api(url: string, key: string | undefined) {
  const headers = (extra: Record<string, string> = {}) => ({ ...(key === undefined ? {} : { authorization: `Bearer ${key}` }), ...extra });
  return {
    get: (path: string) => fetch(`${url}${path}`, { headers: headers() }),
    send: (method: string, path: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

/**
 * An SSE connection that collects events until `close()`: what a client that
 * drops (a network cut, a laptop lid) has received.
 */
export async function openStream(url: string, key: string, lastEventId?: string): Promise<{ events: ServerSentEvent[]; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/alerts/stream`, {
    headers: { authorization: `Bearer ${key}`, ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }) },
    signal: controller.signal,
  });
  if (response.status !== 200 || response.body === null) throw new Error(`stream answered ${response.status}`);
  const events: ServerSentEvent[] = [];
  const body = response.body as unknown as AsyncIterable<Uint8Array>;
  void (async () => {
    try {
      for await (const event of readEventStream(body)) events.push(event);
    } catch {
      // Aborted by close(): the point of the test.
    }
  })();
  onTestFinished(() => controller.abort());
  return { events, close: () => controller.abort() };
}
