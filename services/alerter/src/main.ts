/**
 * The alerter service: `node services/alerter/src/main.ts`. The only file
 * that reads the environment. Bus variables (KAFKA_BROKERS, VIGIA_DATA_DIR, …)
 * are those of `@vigia/bus`; the rest are below and in `commonServiceEnvSchema`.
 * SIGHUP (and a change of the rule file) reloads the rules; a broken file is
 * logged with line and field and the previous rules stay in force.
 */
import { watchFile, unwatchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createBus, parseBusConfig } from '@vigia/bus';
import { defaultRulesUrl } from '@vigia/rules';
import {
  commonServiceEnvSchema,
  createLogger,
  envDurationMs,
  envInteger,
  Lifecycle,
  lifecycleReadinessCheck,
  loadConfig,
  MetricsRegistry,
  OpsServer,
  Readiness,
  registerProcessMetrics,
  runUntilSignal,
} from '@vigia/service-kit';
import { z } from 'zod';
import { createAlerterService } from './alerter-service.ts';
import { defaultSchedules } from './jobs/scheduler.ts';

const cronOrOff = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((value) => (value === 'off' ? (false as const) : value));

const envSchema = commonServiceEnvSchema.extend({
  VIGIA_NAMESPACE: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'expected 1-63 lower-case letters, digits or inner dashes')
    .optional()
    .describe('replay namespace: every topic and group is prefixed with it (default: the live topics)'),
  VIGIA_ALERTER_RULES_FILE: z.string().trim().min(1).default(fileURLToPath(defaultRulesUrl)).describe('rule file (YAML); default the rules package default-rules.yaml'),
  VIGIA_ALERTER_TICK_CRON: cronOrOff(defaultSchedules.tickCron as string).describe('idle ticks / absence checks; "off" disables'),
  VIGIA_ALERTER_DIGEST_CRON: cronOrOff(defaultSchedules.digestCron as string).describe('daily digest; "off" disables'),
  VIGIA_ALERTER_TIMEZONE: z.string().trim().default(defaultSchedules.timezone).describe('IANA time zone of the cron expressions'),
  VIGIA_ALERTER_WEBHOOK_URL: z.url().optional().describe('notification webhook; unset: no notifications'),
  VIGIA_ALERTER_WEBHOOK_FORMAT: z.enum(['json', 'slack']).default('json'),
  VIGIA_ALERTER_WEBHOOK_TOKEN: z.string().min(1).optional().describe('sent as Authorization: Bearer; never logged'),
  VIGIA_ALERTER_WEBHOOK_TIMEOUT_MS: envDurationMs({ minMs: 100 }).default(5_000),
  VIGIA_ALERTER_NOTIFY_QUEUE: envInteger({ min: 1, max: 1_000_000 }).default(1_000).describe('notifications waiting to be sent; more are dropped and counted'),
  VIGIA_ALERTER_MAX_BATCH_RECORDS: envInteger({ min: 1, max: 10_000 }).default(500),
});

let config: ReturnType<typeof loadConfig<typeof envSchema>>;
let busConfig: ReturnType<typeof parseBusConfig>;
try {
  config = loadConfig(envSchema, process.env);
  busConfig = parseBusConfig(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(78); // EX_CONFIG (sysexits.h)
}

const logger = createLogger({ name: 'alerter', level: config.LOG_LEVEL, instanceId: config.VIGIA_INSTANCE_ID });
const metrics = new MetricsRegistry({ logger });
registerProcessMetrics(metrics);
const readiness = new Readiness();
const lifecycle = new Lifecycle({ logger, graceTimeoutMs: config.VIGIA_SHUTDOWN_GRACE_MS, forceTimeoutMs: config.VIGIA_SHUTDOWN_FORCE_MS });
readiness.add('lifecycle', lifecycleReadinessCheck(lifecycle));

const rulesFile = config.VIGIA_ALERTER_RULES_FILE;
let rulesText = '';
try {
  rulesText = await readFile(rulesFile, 'utf8');
} catch (error) {
  // Not fatal: the alerter runs with no rules, reports it on /readyz, and loads the file on SIGHUP.
  logger.error({ err: error, rulesFile }, 'cannot read the rule file');
}

let bus: Awaited<ReturnType<typeof createBus>>;
try {
  bus = await createBus(busConfig, logger);
} catch (error) {
  logger.fatal({ err: error }, 'cannot open the bus');
  process.exit(1);
}

const alerter = createAlerterService({
  bus,
  logger,
  metrics,
  rulesText,
  ...(config.VIGIA_NAMESPACE === undefined ? {} : { namespace: config.VIGIA_NAMESPACE }),
  schedules: { tickCron: config.VIGIA_ALERTER_TICK_CRON, digestCron: config.VIGIA_ALERTER_DIGEST_CRON, timezone: config.VIGIA_ALERTER_TIMEZONE },
  webhooks:
    config.VIGIA_ALERTER_WEBHOOK_URL === undefined
      ? []
      : [
          {
            url: config.VIGIA_ALERTER_WEBHOOK_URL,
            format: config.VIGIA_ALERTER_WEBHOOK_FORMAT,
            timeoutMs: config.VIGIA_ALERTER_WEBHOOK_TIMEOUT_MS,
            ...(config.VIGIA_ALERTER_WEBHOOK_TOKEN === undefined ? {} : { token: config.VIGIA_ALERTER_WEBHOOK_TOKEN }),
          },
        ],
  notifyQueueSize: config.VIGIA_ALERTER_NOTIFY_QUEUE,
  maxBatchRecords: config.VIGIA_ALERTER_MAX_BATCH_RECORDS,
});
readiness.add('rules', () => alerter.rulesReadiness());

async function reloadRules(reason: string): Promise<void> {
  try {
    alerter.reloadRules(await readFile(rulesFile, 'utf8'), reason);
  } catch (error) {
    logger.error({ err: error, rulesFile }, 'cannot read the rule file; previous rules stay in force');
  }
}
const onHangup = () => void reloadRules('SIGHUP');
process.on('SIGHUP', onHangup);
watchFile(rulesFile, { interval: 2_000 }, (current, previous) => {
  if (current.mtimeMs !== previous.mtimeMs) void reloadRules('file changed');
});

lifecycle
  .add(new OpsServer({ logger, metrics, readiness, host: config.VIGIA_OPS_HOST, port: config.VIGIA_OPS_PORT }))
  .add({ name: 'bus', stop: () => bus.close() })
  .add(alerter)
  .add({
    name: 'rules-reload',
    stop: () => {
      process.off('SIGHUP', onHangup);
      unwatchFile(rulesFile);
    },
  });

await runUntilSignal(lifecycle);
