#!/usr/bin/env node
/**
 * The ingest service process: the only place that reads the environment.
 * `node services/ingest/src/main.ts` (or `pnpm --filter @vigia/ingest start`).
 */
import { runServiceMain } from '@vigia/service-kit';
import { ingestEnvSchema, ingestHttpConfigOf } from './config.ts';
import { createIngestApp } from './http/ingest-app.ts';

await runServiceMain({
  name: 'ingest',
  envSchema: ingestEnvSchema,
  env: process.env,
  // Started after the Bus and stopped before it, so requests in flight are acknowledged before the Bus goes.
  components: ({ config, bus, logger, metrics, readiness }) => [createIngestApp({ bus, logger, metrics, readiness, config: ingestHttpConfigOf(config) })],
});
