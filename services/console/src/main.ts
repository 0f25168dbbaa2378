/**
 * The console service: `node services/console/src/main.ts`. The only file
 * that reads the environment. Bus variables (KAFKA_BROKERS, VIGIA_DATA_DIR, …)
 * are those of `@vigia/bus`; the rest are below and in `commonServiceEnvSchema`.
 */
import { commonServiceEnvSchema, defaultHttpPorts, envApiKeys, envNamespace, envPort, runServiceMain } from '@vigia/service-kit';
import { z } from 'zod';
import { createConsoleService } from './console-service.ts';
import { parseConsoleApiKey } from './http/roles.ts';
import { consoleWebDir, loadWebAssets } from './http/web-routes.ts';

const envSchema = commonServiceEnvSchema.safeExtend({
  VIGIA_NAMESPACE: envNamespace(),
  VIGIA_HTTP_PORT: envPort().default(defaultHttpPorts.console).describe('the TCP port of the console (API and page)'),
  VIGIA_CONSOLE_API_KEYS: envApiKeys(parseConsoleApiKey).describe(
    'the API keys, comma-separated id:role:sha256hex (role viewer or operator; the SHA-256 of the key, never the key); the id is recorded as who acted',
  ),
  VIGIA_CONSOLE_QUERY_URL: z.url().optional().describe('base URL of the aggregator query API, e.g. http://127.0.0.1:8081; unset: no indicators'),
  VIGIA_CONSOLE_WEB_DIR: z
    .string()
    .trim()
    .min(1)
    .default(consoleWebDir)
    .describe('folder of the web page (built by the install step); default the package web/ folder'),
});

await runServiceMain({
  name: 'console',
  envSchema,
  env: process.env,
  async components({ config, bus, logger, readiness }) {
    const web = await loadWebAssets(config.VIGIA_CONSOLE_WEB_DIR);
    return [
      createConsoleService({
        bus,
        logger,
        readiness,
        apiKeys: config.VIGIA_CONSOLE_API_KEYS,
        instanceId: config.VIGIA_INSTANCE_ID,
        host: config.VIGIA_HTTP_HOST,
        port: config.VIGIA_HTTP_PORT,
        web,
        ...(config.VIGIA_NAMESPACE === undefined ? {} : { namespace: config.VIGIA_NAMESPACE }),
        ...(config.VIGIA_CONSOLE_QUERY_URL === undefined ? {} : { indicators: config.VIGIA_CONSOLE_QUERY_URL }),
      }),
    ];
  },
});
