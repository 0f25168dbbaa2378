import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus, type Bus } from '@vigia/bus';
import { listRegions, targetRegions } from '@vigia/geo';
import { Lifecycle, MetricsRegistry } from '@vigia/service-kit';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { indicatorKey } from '@vigia/schemas';
import { createAggregatorService, type AggregatorService } from './aggregator-service.ts';
import { changeRecords, expectedIndicators, finalIndicators, waitForAggregator } from './testing/aggregator-support.ts';
import { calleria, changeStream, huanuco, incident, llochegua, pichari, recorded, revised, survey } from './testing/event-changes.ts';

const logger = pino({ level: 'silent' });
const national = { code: 'PE', level: 'national' } as const;
const vraem = { code: 'zone:vraem', level: 'zone' } as const;
const refs = (regions: readonly { code: string; level: string }[]) => regions.map((r) => ({ code: r.code, level: r.level }) as never);
const geoTargets = (code: string) => refs(targetRegions(code));
const shareRegions = refs([...listRegions('zone'), ...listRegions('department')]);

async function openBus(dataDir?: string): Promise<{ bus: Bus; dataDir: string }> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'vigia-aggregator-')));
  const bus = await createEmbeddedBus({ dataDir: dir, logger, fsync: 'never' });
  if (dataDir === undefined) onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return { bus, dataDir: dir };
}

async function run(service: AggregatorService): Promise<Lifecycle> {
  const lifecycle = new Lifecycle({
    logger,
    graceTimeoutMs: 10_000,
    forceTimeoutMs: 20_000,
    exit: (code) => {
      throw new Error(`the lifecycle forced an exit with code ${code}`);
    },
  });
  lifecycle.add(service);
  onTestFinished(() => lifecycle.stop().then(() => undefined));
  await lifecycle.start();
  expect(lifecycle.state).toBe('running');
  return lifecycle;
}

describe('aggregator service on the embedded bus', () => {
  it("gives Peru's 2019 → 2020 coca series +22.5 % at the national level, and a zone's first survey year no growth", async () => {
    const { bus } = await openBus();
    onTestFinished(() => bus.close());
    const metrics = new MetricsRegistry();
    const service = createAggregatorService({ bus, logger, metrics, namespace: `t${randomUUID().slice(0, 8)}` });
    await run(service);
    // the US ONDCP estimates for Peru, DEVIDA's own national series for 2020, and a zone's first year
    await bus.produce(
      changeRecords(service.topics.events, [
        recorded(survey(national, 2019, 72_000, 'US ONDCP')),
        recorded(survey(national, 2020, 88_200, 'US ONDCP')),
        recorded(survey(national, 2020, 61_777)),
        recorded(survey(vraem, 2020, 32_000)),
      ]),
    );
    await waitForAggregator(bus, service);

    await service.view.refresh();
    const ondcp = (metric: string, year: number) => indicatorKey({ region: 'PE', metric, window: 'annual', source: 'us-ondcp', year });
    const vraemKey = (metric: string) => indicatorKey({ region: 'zone:vraem', metric, window: 'annual', source: 'devida', year: 2020 });
    expect(service.view.current(ondcp('cultivation.coca.ha', 2020))).toMatchObject({ value: 88_200, asOf: '2020-12-31', level: 'national' });
    expect(service.view.current(ondcp('cultivation.coca.yoy-pct', 2020))?.value).toBeCloseTo(22.5, 10);
    expect(service.view.current(ondcp('cultivation.coca.yoy-ha', 2020))?.value).toBe(16_200);
    expect(service.view.current(vraemKey('cultivation.coca.ha'))?.value).toBe(32_000);
    expect(service.view.current(vraemKey('cultivation.coca.yoy-pct'))).toBeUndefined();
    // the zone's share is of the same source's national figure: DEVIDA's, never the ONDCP's or a mean of both
    expect(service.view.current(vraemKey('cultivation.coca.share-national-pct'))?.value).toBeCloseTo((32_000 / 61_777) * 100, 10);

    // The same over HTTP, as JSON and as CSV, and a precise 400 for a bad parameter.
    const base = service.queryUrl!;
    const json = await fetch(`${base}/v1/indicators?region=PE&metric=cultivation.coca.yoy-pct&window=annual&source=us-ondcp`);
    expect(json.status).toBe(200);
    expect(((await json.json()) as { indicators: { value: number }[] }).indicators[0]?.value).toBeCloseTo(22.5, 10);
    const csv = await fetch(`${base}/v1/indicators?region=PE&window=annual`, { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('region,level,metric,window,source,year,asOf,value,previousValue,correction,contributingEvents');
    expect(lines.find((line) => line.startsWith('PE,national,cultivation.coca.yoy-pct,annual,us-ondcp,2020,2020-12-31,22.5,'))).toBeDefined();
    const noGrowth = await fetch(`${base}/v1/indicators?region=zone:vraem&metric=cultivation.coca.yoy-pct&window=annual`);
    expect(noGrowth.status).toBe(404);
    const series = await fetch(`${base}/v1/series?region=PE&metric=cultivation.coca.ha`);
    expect(((await series.json()) as { points: unknown[] }).points).toEqual([
      { day: '2019-01-01', value: 72_000, eventCount: 1, source: 'us-ondcp' },
      { day: '2020-01-01', value: 61_777, eventCount: 1, source: 'devida' },
      { day: '2020-01-01', value: 88_200, eventCount: 1, source: 'us-ondcp' },
    ]);
    const bad = await fetch(`${base}/v1/series?region=Lima&metric=incidents.count`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VIGIA_AGGREGATOR_QUERY_INVALID', issues: [{ field: 'region' }] });
    expect((await metrics.exposition()).text).toMatch(/vigia_aggregator_indicators_emitted_total\{kind="value"\} [1-9]/);
  });

  it('counts late and revised events once, publishes corrections, and continues from its changelog after a restart', async () => {
    const { bus, dataDir } = await openBus();
    const namespace = `t${randomUUID().slice(0, 8)}`;
    const metrics = new MetricsRegistry();
    const first = createAggregatorService({ bus, logger, metrics, namespace, query: false, maxBatchRecords: 7 });
    const firstRun = await run(first);
    // Anchors on the last day first, so the watermark is final before the rest arrives.
    const lastDay = '2024-05-31';
    const anchors = [pichari, llochegua, huanuco, calleria].map((ubigeo) => recorded(incident({ eventId: `anchor-${ubigeo}`, day: lastDay, ubigeo })));
    const stream = changeStream(160, { lastDay, spanDays: 300 });
    const early = incident({ eventId: 'massacre', day: '2024-05-02', ubigeo: pichari, civiliansKilled: 14 });
    const worse = { ...early, revision: 2, casualties: { ...early.casualties, civilians: { killed: 16, injured: 0 } } };
    await bus.produce(changeRecords(first.topics.events, anchors));
    await waitForAggregator(bus, first);
    const beforeRestart = [...stream.slice(0, 80), recorded(early), revised(early, worse)];
    await bus.produce(changeRecords(first.topics.events, beforeRestart));
    await waitForAggregator(bus, first);
    expect((await metrics.exposition()).text).toMatch(/vigia_aggregator_corrections_total [1-9]/);
    await firstRun.stop();
    await bus.close();

    // A new instance on the same log restores the ledgers and the buckets, then takes the rest.
    const reopened = await openBus(dataDir);
    onTestFinished(() => reopened.bus.close());
    const second = createAggregatorService({ bus: reopened.bus, logger, namespace, query: false, maxBatchRecords: 11 });
    await run(second);
    const afterRestart = [...stream.slice(80), recorded(early), revised(early, worse)]; // the massacre again: duplicates
    await reopened.bus.produce(changeRecords(second.topics.events, afterRestart));
    await waitForAggregator(reopened.bus, second);

    const all = [...anchors, ...beforeRestart, ...afterRestart];
    const actual = await finalIndicators(reopened.bus, second.topics.indicators);
    const expected = expectedIndicators(all, geoTargets, { shareRegions });
    expect(actual.size).toBeGreaterThan(100);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    expect(actual.get('080910|fatalities.civilians|30d')?.contributingEvents).toBeGreaterThan(0);
    expect(actual.get('zone:vraem|incidents.count|365d')).toBeDefined();
  });
});
