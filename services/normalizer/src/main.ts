/**
 * The normalizer service: `node services/normalizer/src/main.ts`. The only
 * file that reads the environment. Bus variables (KAFKA_BROKERS, VIGIA_DATA_DIR,
 * …) are those of `@vigia/bus`; the rest are below and in `commonServiceEnvSchema`.
 */
import { commonServiceEnvSchema, envDurationMs, envInteger, envNamespace, runServiceMain } from '@vigia/service-kit';
import { defaultFutureToleranceMs } from './mapping/dates.ts';
import { createNormalizerStage } from './stage/normalizer-stage.ts';

const envSchema = commonServiceEnvSchema.extend({
  VIGIA_NAMESPACE: envNamespace(),
  VIGIA_NORMALIZER_MAX_BATCH_RECORDS: envInteger({ min: 1, max: 10_000 }).default(500).describe('the most raw records normalized and committed together'),
  VIGIA_NORMALIZER_FUTURE_TOLERANCE_MS: envDurationMs({ minMs: 0, maxMs: 31 * 86_400_000 })
    .default(defaultFutureToleranceMs)
    .describe('how far after its report an event may be dated before it is rejected as DATE_IN_FUTURE (e.g. 1d)'),
});

await runServiceMain({
  name: 'normalizer',
  envSchema,
  env: process.env,
  components: ({ config, bus, logger, metrics }) => [
    createNormalizerStage({
      bus,
      logger,
      metrics,
      ...(config.VIGIA_NAMESPACE === undefined ? {} : { namespace: config.VIGIA_NAMESPACE }),
      maxBatchRecords: config.VIGIA_NORMALIZER_MAX_BATCH_RECORDS,
      futureToleranceMs: config.VIGIA_NORMALIZER_FUTURE_TOLERANCE_MS,
    }),
  ],
});
