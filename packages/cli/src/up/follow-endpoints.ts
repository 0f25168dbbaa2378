import { randomBytes } from 'node:crypto';
import type { Bus } from '@vigia/bus';
import {
  consoleWebDir,
  createConsoleService,
  loadWebAssets,
  parseConsoleApiKey,
  queryApiIndicatorSource,
  type ConsoleService,
  type IndicatorSource,
} from '@vigia/console';
import { createIngestApp, defaultIngestLimits, hashApiKey, parseApiKeyEntry, type IngestApp } from '@vigia/ingest';
import type { MetricsRegistry, Readiness } from '@vigia/service-kit';
import type { Logger } from 'pino';

export interface FollowEndpointsOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  readonly readiness: Readiness;
  readonly namespace: string | undefined;
  readonly runId: string;
  readonly ingestPort: number;
  readonly consolePort: number;
  /** The aggregator's query API, known once it listens. */
  readonly queryUrl: () => string | undefined;
}

export interface FollowEndpoints {
  readonly ingest: IngestApp;
  readonly console: ConsoleService;
  /** Keys for this run only, printed once so the APIs can be tried at once. */
  readonly keys: { readonly publisher: string; readonly operator: string };
}

/**
 * The servers `vigia up --follow` adds to the pipeline: the ingest API (a
 * publisher key) and the console (an operator key), each on its own default
 * port, the console reading indicators from the aggregator's query API.
 */
export async function followEndpoints(options: FollowEndpointsOptions): Promise<FollowEndpoints> {
  const inNamespace = options.namespace === undefined ? {} : { namespace: options.namespace };
  const keys = { publisher: randomBytes(18).toString('base64url'), operator: randomBytes(18).toString('base64url') };
  const ingest = createIngestApp({
    bus: options.bus,
    logger: options.logger,
    metrics: options.metrics,
    config: {
      ...defaultIngestLimits,
      apiKeys: [parseApiKeyEntry(`vigia-up:publisher:${hashApiKey(keys.publisher)}`)],
      host: '127.0.0.1',
      port: options.ingestPort,
      ...inNamespace,
    },
  });
  // Looked up per request: the query API's port is known only once the aggregator started.
  const indicators: IndicatorSource = {
    current: (params) => queryApiIndicatorSource({ baseUrl: options.queryUrl() ?? 'http://127.0.0.1:1' }).current(params),
    series: (params) => queryApiIndicatorSource({ baseUrl: options.queryUrl() ?? 'http://127.0.0.1:1' }).series(params),
  };
  const console = createConsoleService({
    bus: options.bus,
    logger: options.logger,
    readiness: options.readiness,
    apiKeys: [parseConsoleApiKey(`vigia-up:operator:${hashApiKey(keys.operator)}`)],
    instanceId: `up-${options.runId}`,
    host: '127.0.0.1',
    port: options.consolePort,
    indicators,
    web: await loadWebAssets(consoleWebDir),
    ...inNamespace,
  });
  return { ingest, console, keys };
}
