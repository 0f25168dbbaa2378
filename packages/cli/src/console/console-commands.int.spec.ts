import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlerterService } from '@vigia/alerter';
import { createEmbeddedBus, partitionForKey } from '@vigia/bus';
import { createConsoleService, parseConsoleApiKey } from '@vigia/console';
import { encodeTopicValue, indicatorSeriesKey, seriesOfValue, type IndicatorValue } from '@vigia/schemas';
import { hashApiKey, Lifecycle } from '@vigia/service-kit';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../cli.ts';
import { memoryIo } from '../testing/memory-io.ts';

const logger = pino({ level: 'silent' });
const rules = `
rules:
  - id: clashes-7d
    kind: threshold
    severity: warning
    appliesTo: { levels: [province] }
    metric: incidents.armed-clash.count
    window: 7d
    when: { atLeast: 3 }
    summary: "{{value}} armed clashes in {{region}} in 7 days"
`;

async function consoleUp() {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigia-cli-console-'));
  const bus = await createEmbeddedBus({ dataDir, logger, fsync: 'never' });
  const alerter = createAlerterService({ bus, logger, rulesText: rules, schedules: false });
  const apiKeys = [parseConsoleApiKey(`analista:viewer:${hashApiKey('viewer-key')}`), parseConsoleApiKey(`operador:operator:${hashApiKey('operator-key')}`)];
  const service = createConsoleService({ bus, logger, apiKeys, instanceId: 'cli-test' });
  const lifecycle = new Lifecycle({ logger, graceTimeoutMs: 10_000, forceTimeoutMs: 20_000 });
  lifecycle.add(alerter).add(service);
  await lifecycle.start();
  onTestFinished(async () => {
    await lifecycle.stop();
    await bus.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const value: IndicatorValue = {
    type: 'indicator.updated',
    region: '0504',
    level: 'province',
    metric: 'incidents.armed-clash.count',
    window: '7d',
    value: 4,
    asOf: '2024-03-14',
    previousValue: null,
    correction: false,
    contributingEvents: 4,
  };
  const series = seriesOfValue(value);
  await bus.produce([
    {
      topic: alerter.topics.indicators,
      key: indicatorSeriesKey(series),
      partition: partitionForKey('0504', 12),
      value: encodeTopicValue('vigia.indicators.v2', series),
    },
  ]);
  return { url: service.address!.url, service };
}

async function vigia(args: string[], env: Record<string, string>) {
  const io = memoryIo(env);
  const status = await runCli(args, io);
  return { status, out: io.stdout.text(), err: io.stderr.text() };
}

describe('vigia alerts, ack and silence against a console', () => {
  it('lists, shows, acknowledges and silences; a viewer key is refused with the console’s reason', async () => {
    const { url, service } = await consoleUp();
    const viewer = { VIGIA_CONSOLE_URL: url, VIGIA_CONSOLE_KEY: 'viewer-key' };
    const operator = { VIGIA_CONSOLE_URL: url, VIGIA_CONSOLE_KEY: 'operator-key' };
    const deadline = Date.now() + 30_000;
    while (service.feed.latest().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));

    const listed = await vigia(['alerts', 'list', '--region', '05', '--no-color'], viewer);
    expect(listed.status, listed.err).toBe(0);
    expect(listed.out).toMatch(/WARNING +FIRING +Huanta \(province\) +clashes-7d +4 armed clashes in Huanta in 7 days/);
    const [line] = (await vigia(['alerts', '--json'], viewer)).out.trim().split('\n');
    const fingerprint = (JSON.parse(line!) as { alert: { fingerprint: string } }).alert.fingerprint;
    expect((await vigia(['alerts', 'show', fingerprint], viewer)).out).toMatch(/evidence\n +0504 incidents\.armed-clash\.count 7d as of 2024-03-14: 4/);

    const refused = await vigia(['ack', fingerprint, '--note', 'seen'], viewer);
    expect(refused.status).toBe(1);
    expect(refused.err).toContain('403');
    const acked = await vigia(['ack', fingerprint, '--note', 'patrol sent'], operator);
    expect(acked.out).toMatch(/^acknowledged \S+ as operador at /);

    const added = await vigia(['silence', 'add', 'region=~05.*', 'alertname=clashes-7d', '--duration', '6h', '--comment', 'operation in Huanta'], operator);
    expect(added.status, added.err).toBe(0);
    const id = added.out.split(' ')[0]!;
    expect((await vigia(['silence', 'list'], viewer)).out).toContain(`${id}  active   until`);
    expect((await vigia(['silence', 'list'], viewer)).out).toContain('region=~"05.*" alertname="clashes-7d"  by operador: operation in Huanta');
    expect((await vigia(['silence', 'expire', id], operator)).out).toContain(`${id}  expired`);
    expect((await vigia(['silence', 'add', 'region', '--duration', '1h', '--comment', 'x'], operator)).status).toBe(2);
  });
});
