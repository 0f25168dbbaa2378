import { MetricsRegistry } from '@vigia/service-kit';
import { describe, expect, it } from 'vitest';
import { createAlerterService, type AlerterService } from './alerter-service.ts';
import { JobScheduler } from './jobs/scheduler.ts';
import { defaultNotifyRetry } from './notify/notifier.ts';
import {
  decodeJson,
  embeddedBus,
  indicator,
  publishAction,
  publishIndicators,
  readTopic,
  run,
  silentLogger,
  testRules,
  waitUntil,
  webhookReceiver,
} from './testing/alerter-support.ts';
import { alerterHeaders } from './evaluation/output-records.ts';

const fastRetry = { ...defaultNotifyRetry, initialDelayMs: 10, maxDelayMs: 50 };
const clashes = (value: number, asOf = '2024-03-14') =>
  indicator({ region: '0504', level: 'province', metric: 'incidents.armed-clash.count', window: '7d', value, asOf });

function alerter(bus: Parameters<typeof createAlerterService>[0]['bus'], extra: Partial<Parameters<typeof createAlerterService>[0]> = {}): AlerterService {
  return createAlerterService({ bus, logger: silentLogger, rulesText: testRules, schedules: false, ...extra });
}

async function alertsOf(bus: Parameters<typeof readTopic>[0], service: AlerterService) {
  return (await readTopic(bus, service.topics.alerts)).map((record) => ({
    ...(decodeJson(record) as { state?: string } & Record<string, unknown>),
    change: record.headers[alerterHeaders.change],
    notify: record.headers[alerterHeaders.notify],
  }));
}

describe('alerter service (embedded bus)', () => {
  it('fires once, and a restarted alerter restores its state instead of re-firing', async () => {
    const { bus } = await embeddedBus();
    const first = alerter(bus);
    const lifecycle = await run(silentLogger, first);
    await publishIndicators(bus, first.topics.indicators, [clashes(4)]);
    await waitUntil(
      () => alertsOf(bus, first),
      (alerts) => alerts.length === 1,
      'the firing alert',
    );
    await lifecycle.stop();

    const second = alerter(bus);
    await run(silentLogger, second);
    // Same breach again (a correction): the restored state knows the alert is firing.
    await publishIndicators(bus, second.topics.indicators, [clashes(5, '2024-03-15')]);
    await publishIndicators(bus, second.topics.indicators, [clashes(0, '2024-03-16')]);
    const alerts = await waitUntil(
      () => alertsOf(bus, second),
      (all) => all.some((alert) => alert.state === 'resolved'),
      'the resolution',
    );
    expect(alerts.map((alert) => alert.change)).toEqual(['firing', 'updated', 'resolved']);
    expect(alerts.filter((alert) => alert.change === 'firing')).toHaveLength(1);
  });

  it('honours silences from the actions topic: recorded, not notified', async () => {
    const { bus } = await embeddedBus();
    const receiver = await webhookReceiver();
    const service = alerter(bus, { webhooks: [{ url: receiver.url, format: 'json', timeoutMs: 2_000 }], notifyRetry: fastRetry });
    await run(silentLogger, service);
    await publishAction(bus, service.topics.actions, {
      type: 'silence.created',
      actionId: '5a0c7e2d-1b3f-4c6a-9d8e-7f6a5b4c3d2e',
      by: 'operador.lima',
      at: '2024-03-01T00:00:00Z',
      silenceId: 'huanta-op',
      matchers: [{ label: 'region', operator: '=', value: '0504' }],
      until: '2099-01-01T00:00:00Z',
      comment: 'known operation',
    });
    await waitUntil(
      () => readTopic(bus, service.topics.jobs),
      (records) => records.length === 12,
      'the forwarded silence',
    );
    await publishIndicators(bus, service.topics.indicators, [clashes(4)]);
    const alerts = await waitUntil(
      () => alertsOf(bus, service),
      (all) => all.length === 1,
      'the silenced alert',
    );
    expect(alerts[0]).toMatchObject({ state: 'firing', silenced: true, notify: 'false' });
    // Unsilenced region still notifies: proves the notifier works and the silence is what suppressed.
    await publishIndicators(bus, service.topics.indicators, [{ ...clashes(4), region: '0505', level: 'province' }]);
    await waitUntil(
      () => receiver.bodies.length,
      (count) => count === 1,
      'one notification',
    );
    expect(receiver.bodies[0]).toMatchObject({ change: 'firing', alert: { region: { code: '0505' } } });
  });

  it('retries a failing webhook with backoff, and a slow receiver never holds up evaluation', async () => {
    const { bus } = await embeddedBus();
    const receiver = await webhookReceiver([500, 503, 429], 300);
    const service = alerter(bus, { webhooks: [{ url: receiver.url, format: 'slack', timeoutMs: 5_000, token: 's3cret' }], notifyRetry: fastRetry });
    await run(silentLogger, service);
    await publishIndicators(bus, service.topics.indicators, [clashes(4)]);
    await publishIndicators(bus, service.topics.indicators, [clashes(0, '2024-03-15')]);
    // Both transitions are committed while the receiver is still failing/slow.
    await waitUntil(
      () => alertsOf(bus, service),
      (all) => all.length === 2,
      'firing and resolved committed',
    );
    expect(receiver.bodies.length).toBe(0);
    await waitUntil(
      () => receiver.bodies.length,
      (count) => count === 2,
      'both notifications after retries',
    );
    expect(receiver.attempts()).toBe(5);
    expect(receiver.requests[0]?.headers.authorization).toBe('Bearer s3cret');
    expect(receiver.bodies.map((body) => (body as { text: string }).text)).toEqual([
      expect.stringMatching(/^\[FIRING\] WARNING Huanta/),
      expect.stringMatching(/^\[RESOLVED\] WARNING Huanta/),
    ]);
  });

  it('runs each digest slot once across two schedulers and a restart', async () => {
    const { bus } = await embeddedBus();
    const first = alerter(bus, { schedules: { tickCron: false, digestCron: false, timezone: 'UTC' } });
    const lifecycle = await run(silentLogger, first);
    const other = createAlerterService({
      bus,
      logger: silentLogger,
      rulesText: testRules,
      schedules: { tickCron: false, digestCron: false, timezone: 'UTC' },
      ensureTopics: false,
      namespace: undefined,
    });
    const slot = new Date('2024-03-15T11:00:20Z');
    await Promise.all([first.scheduler!.requestDigest(slot), other.scheduler!.requestDigest(slot)]);
    await waitUntil(
      () => readTopic(bus, first.topics.digests),
      (records) => records.length === 1,
      'the first digest',
    );
    await lifecycle.stop();

    const restarted = alerter(bus, { schedules: { tickCron: false, digestCron: false, timezone: 'UTC' } });
    await run(silentLogger, restarted);
    await restarted.scheduler!.requestDigest(slot);
    await restarted.scheduler!.requestDigest(new Date('2024-03-16T11:00:00Z'));
    const digests = await waitUntil(
      () => readTopic(bus, restarted.topics.digests),
      (records) => records.length === 2,
      'the next slot digest',
    );
    const jobs = (await readTopic(bus, restarted.topics.jobs)).map(decodeJson).filter((job) => job['type'] === 'job.completed');
    await waitUntil(
      () => bus.admin.groupOffsets(restarted.groupIds.regions, restarted.topics.jobs),
      (offsets) => offsets.find((o) => o.partition === 0)?.offset === 6,
      'every request consumed',
    );
    expect(digests.map((record) => record.key)).toEqual(['daily-2024-03-14', 'daily-2024-03-15']);
    expect(jobs).toHaveLength(2);
    expect((await readTopic(bus, restarted.topics.digests)).length).toBe(2);
  });

  it('refuses a broken rule file with line and field and keeps the previous rules in force', async () => {
    const { bus } = await embeddedBus();
    const service = alerter(bus);
    await run(silentLogger, service);
    const broken = testRules.replace('when: { atLeast: 3 }', 'when: { atLeast: three }');
    expect(service.reloadRules(broken)).toBe(false);
    expect(service.rules.status.ok).toBe(false);
    expect(service.rules.status.errors[0]).toMatchObject({ line: 9, path: expect.stringContaining('rules[0].when') });
    expect(service.rulesReadiness()).toMatchObject({ ready: false });
    await publishIndicators(bus, service.topics.indicators, [clashes(4)]);
    const alerts = await waitUntil(
      () => alertsOf(bus, service),
      (all) => all.length === 1,
      'an alert from the previous rules',
    );
    expect(alerts[0]).toMatchObject({ ruleId: 'clashes-7d', state: 'firing' });
    expect(service.reloadRules(testRules)).toBe(true);
    expect(service.rulesReadiness()).toMatchObject({ ready: true });
  });
  it('lets a wall-clock tick move time only for live data, never to judge history by today', async () => {
    const { bus } = await embeddedBus();
    const metrics = new MetricsRegistry();
    const pendingFor = testRules.replace('    when: { atLeast: 3 }\n', '    when: { atLeast: 3 }\n    for: 1d\n');
    expect(pendingFor).not.toBe(testRules);
    const service = alerter(bus, { rulesText: pendingFor, metrics });
    await run(silentLogger, service);
    const scheduler = new JobScheduler({
      bus,
      logger: silentLogger,
      jobsTopic: service.topics.jobs,
      partitions: 12,
      schedules: { tickCron: false, digestCron: false, timezone: 'UTC' },
    });
    const ignoredTicks = async () => Number(/^vigia_alerter_ticks_ignored_total (\d+)/m.exec((await metrics.exposition()).text)?.[1] ?? 0);
    // Stream time 2024-03-14: the breach is pending, and fires once a day of stream time has passed.
    await publishIndicators(bus, service.topics.indicators, [clashes(4)]);
    await waitUntil(
      () => alertsOf(bus, service),
      (alerts) => alerts.some((alert) => alert.state === 'pending'),
      'the pending alert',
    );
    // Today's clock, years after the data: every partition of both stages ignores the tick.
    await scheduler.requestTick(new Date('2026-12-04T09:00:00Z'));
    await waitUntil(ignoredTicks, (ignored) => ignored === 24, 'both stages ignoring the tick on all 12 partitions');
    expect((await alertsOf(bus, service)).some((alert) => alert.state === 'firing')).toBe(false);
    // A tick 30 hours after the data, its inputs read: live, so it moves time and the alert fires.
    await scheduler.requestTick(new Date('2024-03-15T06:00:00Z'));
    const alerts = await waitUntil(
      () => alertsOf(bus, service),
      (all) => all.some((alert) => alert.state === 'firing'),
      'the alert firing on the live tick',
    );
    expect(alerts.filter((alert) => alert.state === 'firing')).toHaveLength(1);
    // Partitions that never saw data, and the events stage, still ignore it: 24 + 23.
    await waitUntil(ignoredTicks, (ignored) => ignored === 47, 'the other partitions ignoring the second tick');
  });
});
