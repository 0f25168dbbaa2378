#!/usr/bin/env node
/**
 * The ingest service process: the only place that reads the environment.
 * `node services/ingest/src/main.ts` (or `pnpm --filter @vigia/ingest start`).
 */
import { createBus, parseBusConfig } from '@vigia/bus';
import {
  createLogger,
  Lifecycle,
  lifecycleReadinessCheck,
  loadConfig,
  MetricsRegistry,
  OpsServer,
  Readiness,
  registerProcessMetrics,
  runUntilSignal,
} from '@vigia/service-kit';
import { ingestEnvSchema, ingestHttpConfigOf } from './config.ts';
import { createIngestApp } from './http/ingest-app.ts';

let config;
let busConfig;
try {
  config = loadConfig(ingestEnvSchema, process.env);
  busConfig = parseBusConfig(process.env);
} catch (error) {
  // No logger yet: the configuration says how to log. The message names every bad variable, never a secret.
  process.stderr.write(`ingest: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

const logger = createLogger({ name: 'ingest', level: config.LOG_LEVEL, instanceId: config.VIGIA_INSTANCE_ID });
const metrics = new MetricsRegistry({ logger });
registerProcessMetrics(metrics);
const readiness = new Readiness();
const lifecycle = new Lifecycle({
  logger,
  graceTimeoutMs: config.VIGIA_SHUTDOWN_GRACE_MS,
  forceTimeoutMs: config.VIGIA_SHUTDOWN_FORCE_MS,
});
readiness.add('lifecycle', lifecycleReadinessCheck(lifecycle));

let bus;
try {
  bus = await createBus(busConfig, logger);
} catch (error) {
  logger.fatal({ err: error }, 'cannot open the Bus');
  process.exit(1);
}
lifecycle
  .add(new OpsServer({ logger, metrics, readiness, host: config.VIGIA_OPS_HOST, port: config.VIGIA_OPS_PORT }))
  // Opened before the API and closed after it, so requests in flight are acknowledged before the Bus goes.
  .add({ name: 'bus', stop: () => bus.close() })
  .add(createIngestApp({ bus, logger, metrics, readiness, config: ingestHttpConfigOf(config) }));

await runUntilSignal(lifecycle);
