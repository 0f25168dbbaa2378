import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createAlerterService } from '../alerter-service.ts';
import { embeddedBus, indicator, publishIndicators, run, silentLogger, testRules, waitUntil, webhookReceiver } from '../testing/alerter-support.ts';
import { defaultNotifyRetry } from './notifier.ts';

const schema = JSON.parse(await readFile(new URL('../testing/alertmanager-webhook-v4.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true }).compile(schema);
const clashes = (region: string, value: number, asOf: string) =>
  indicator({ region, level: 'province', metric: 'incidents.armed-clash.count', window: '7d', value, asOf });

interface Payload {
  groupKey: string;
  status: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string>; endsAt: string; generatorURL: string; fingerprint: string }[];
}

describe("Alertmanager's webhook format", () => {
  it('groups alerts by label, waits group_wait, then sends changes no sooner than group_interval, in a payload that validates', async () => {
    const { bus } = await embeddedBus();
    const receiver = await webhookReceiver();
    const service = createAlerterService({
      bus,
      logger: silentLogger,
      rulesText: testRules,
      schedules: false,
      webhooks: [{ url: receiver.url, format: 'alertmanager', timeoutMs: 2_000 }],
      notifyRetry: { ...defaultNotifyRetry, initialDelayMs: 10 },
      notifyGrouping: { groupBy: ['alertname'], groupWaitMs: 300, groupIntervalMs: 600 },
      notifyReceiver: 'watch-floor',
      externalUrl: 'http://console.example/',
    });
    await run(silentLogger, service);
    // Two provinces breach the same rule in one batch: one group, one notification.
    await publishIndicators(bus, service.topics.indicators, [clashes('0504', 4, '2024-03-14'), clashes('1001', 3, '2024-03-14')]);
    await waitUntil(
      () => receiver.bodies.length,
      (count) => count === 1,
      'the first group notification',
    );
    const first = receiver.bodies[0] as Payload;
    expect(validate(first), JSON.stringify(validate.errors)).toBe(true);
    expect(first).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'watch-floor',
      groupKey: '{}:{alertname="clashes-7d"}',
      groupLabels: { alertname: 'clashes-7d' },
      externalURL: 'http://console.example/',
    });
    expect(first.commonLabels).toMatchObject({ alertname: 'clashes-7d', severity: 'warning' });
    expect(first.commonLabels['region']).toBeUndefined();
    expect(first.alerts.map((alert) => alert.labels['region']).sort()).toEqual(['0504', '1001']);
    expect(first.alerts.every((alert) => alert.status === 'firing' && alert.endsAt === '0001-01-01T00:00:00Z')).toBe(true);
    expect(first.alerts[0]?.generatorURL).toBe(`http://console.example/#/alerts/${first.alerts[0]?.fingerprint}`);
    const firstAt = Date.now();

    // One resolves: the group is told again — the whole group, the resolved one with its end.
    await publishIndicators(bus, service.topics.indicators, [clashes('1001', 0, '2024-03-16')]);
    await waitUntil(
      () => receiver.bodies.length,
      (count) => count === 2,
      'the second group notification',
    );
    // Not sent at once: it waited for the interval (600 ms after the first send; firstAt was taken up to one poll after it).
    expect(Date.now() - firstAt).toBeGreaterThanOrEqual(450);
    const second = receiver.bodies[1] as Payload;
    expect(validate(second), JSON.stringify(validate.errors)).toBe(true);
    expect(second.status).toBe('firing');
    expect(Object.fromEntries(second.alerts.map((alert) => [alert.labels['region'], alert.status]))).toEqual({ '0504': 'firing', '1001': 'resolved' });
    expect(second.alerts.find((alert) => alert.status === 'resolved')?.endsAt).toMatch(/^2024-03-16/);
  });
});
