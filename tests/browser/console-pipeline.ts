import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAggregatorService } from '@vigia/aggregator';
import { createAlerterService } from '@vigia/alerter';
import { createEmbeddedBus } from '@vigia/bus';
import { consoleWebDir, createConsoleService, loadWebAssets, parseConsoleApiKey, queryApiIndicatorSource } from '@vigia/console';
import { createIngestApp, defaultIngestLimits, hashApiKey, parseApiKeyEntry } from '@vigia/ingest';
import { createNormalizerStage } from '@vigia/normalizer';
import { defaultRulesUrl } from '@vigia/rules';
import { Lifecycle } from '@vigia/service-kit';
import { pino } from 'pino';
import { onTestFinished } from 'vitest';

export const keys = { publisher: 'browser-test-publisher', operator: 'browser-test-operator', viewer: 'browser-test-viewer' } as const;

/**
 * The whole pipeline in this process on an embedded log — ingest, normalizer,
 * aggregator (with its query API), alerter with the default rules, console
 * with its page — as `vigia up --follow` wires it, without a scenario.
 */
export async function startPipeline(): Promise<{ ingestUrl: string; consoleUrl: string }> {
  const logger = pino({ level: 'silent' });
  const dataDir = await mkdtemp(join(tmpdir(), 'vigia-browser-'));
  const bus = await createEmbeddedBus({ dataDir, logger, fsync: 'never' });
  const aggregator = createAggregatorService({ bus, logger, query: {} });
  const ingest = createIngestApp({
    bus,
    logger,
    config: { ...defaultIngestLimits, apiKeys: [parseApiKeyEntry(`dirandro:publisher:${hashApiKey(keys.publisher)}`)] },
  });
  // The query API's port is known once the aggregator listens.
  const source = () => queryApiIndicatorSource({ baseUrl: aggregator.queryUrl ?? 'http://127.0.0.1:1' });
  const console = createConsoleService({
    bus,
    logger,
    apiKeys: [parseConsoleApiKey(`operador.lima:operator:${hashApiKey(keys.operator)}`), parseConsoleApiKey(`analista:viewer:${hashApiKey(keys.viewer)}`)],
    instanceId: 'browser-test',
    indicators: { current: (params) => source().current(params), series: (params) => source().series(params) },
    web: await loadWebAssets(consoleWebDir),
  });
  const lifecycle = new Lifecycle({ logger, graceTimeoutMs: 10_000, forceTimeoutMs: 20_000 });
  lifecycle
    .add(createNormalizerStage({ bus, logger }))
    .add(aggregator)
    .add(createAlerterService({ bus, logger, rulesText: await readFile(defaultRulesUrl, 'utf8'), schedules: false }))
    .add(ingest)
    .add(console);
  await lifecycle.start();
  onTestFinished(async () => {
    await lifecycle.stop();
    await bus.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { ingestUrl: ingest.address!.url, consoleUrl: console.address!.url };
}

/** A massacre report: the default rules' mass-casualty-event fires on one incident with five or more killed. */
export function massacreReport(eventId: string, killed: number) {
  return {
    kind: 'incident',
    eventId,
    occurredAt: '2024-05-10',
    source: { name: 'CCFFAA', kind: 'military' },
    place: 'Llochegua, Huanta',
    incidentType: 'masacre',
    casualties: { civilians: { killed } },
  };
}
