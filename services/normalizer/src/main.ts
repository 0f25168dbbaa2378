/**
 * The normalizer service: `node services/normalizer/src/main.ts`. The only
 * file that reads the environment. Bus variables (KAFKA_BROKERS, VIGIA_DATA_DIR,
 * …) are those of `@vigia/bus`; the rest are below and in `commonServiceEnvSchema`.
 */
import { createBus, parseBusConfig } from '@vigia/bus';
import {
  commonServiceEnvSchema,
  createLogger,
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
import { createNormalizerStage } from './stage/normalizer-stage.ts';

const envSchema = commonServiceEnvSchema.extend({
  VIGIA_NAMESPACE: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'expected 1-63 lower-case letters, digits or inner dashes')
    .optional()
    .describe('replay namespace: read <ns>.vigia.events.raw.v1 and write <ns>.vigia.events.v1 (default: the live topics)'),
  VIGIA_NORMALIZER_MAX_BATCH_RECORDS: envInteger({ min: 1, max: 10_000 })
    .default(500)
    .describe('the most raw records normalized and committed together'),
});

let config: ReturnType<typeof loadConfig<typeof envSchema>>;
let busConfig: ReturnType<typeof parseBusConfig>;
try {
  config = loadConfig(envSchema, process.env);
  busConfig = parseBusConfig(process.env);
} catch (error) {
  // No logger yet: the configuration decides its level. The messages say which variable and how to fix it.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(78); // EX_CONFIG (sysexits.h)
}

const logger = createLogger({ name: 'normalizer', level: config.LOG_LEVEL, instanceId: config.VIGIA_INSTANCE_ID });
const metrics = new MetricsRegistry({ logger });
registerProcessMetrics(metrics);
const readiness = new Readiness();
const lifecycle = new Lifecycle({
  logger,
  graceTimeoutMs: config.VIGIA_SHUTDOWN_GRACE_MS,
  forceTimeoutMs: config.VIGIA_SHUTDOWN_FORCE_MS,
});
readiness.add('lifecycle', lifecycleReadinessCheck(lifecycle));

let bus: Awaited<ReturnType<typeof createBus>>;
try {
  bus = await createBus(busConfig, logger);
} catch (error) {
  logger.fatal({ err: error }, 'cannot open the bus');
  process.exit(1);
}

lifecycle
  .add(new OpsServer({ logger, metrics, readiness, host: config.VIGIA_OPS_HOST, port: config.VIGIA_OPS_PORT }))
  .add({ name: 'bus', stop: () => bus.close() }) // closed last, after the stage committed its last batch
  .add(
    createNormalizerStage({
      bus,
      logger,
      metrics,
      ...(config.VIGIA_NAMESPACE === undefined ? {} : { namespace: config.VIGIA_NAMESPACE }),
      maxBatchRecords: config.VIGIA_NORMALIZER_MAX_BATCH_RECORDS,
    }),
  );

await runUntilSignal(lifecycle);
