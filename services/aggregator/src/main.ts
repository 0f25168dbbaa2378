/**
 * The aggregator service: `node services/aggregator/src/main.ts`. The only
 * file that reads the environment. Bus variables (KAFKA_BROKERS, VIGIA_DATA_DIR,
 * …) are those of `@vigia/bus`; the query API listens on VIGIA_HTTP_HOST and
 * VIGIA_HTTP_PORT; the rest are below and in `commonServiceEnvSchema`.
 */
import { commonServiceEnvSchema, defaultHttpPorts, envInteger, envNamespace, envPort, runServiceMain } from '@vigia/service-kit';
import { createAggregatorService, defaultAggregateBatchRecords } from './aggregator-service.ts';

const envSchema = commonServiceEnvSchema.safeExtend({
  VIGIA_NAMESPACE: envNamespace(),
  VIGIA_HTTP_PORT: envPort().default(defaultHttpPorts.query).describe('the TCP port of the query API (8081: ingest keeps 8080)'),
  VIGIA_AGGREGATOR_MAX_BATCH_RECORDS: envInteger({ min: 1, max: 10_000 })
    .default(500)
    .describe('the most event changes the fan-out stage processes and commits together'),
  VIGIA_AGGREGATOR_AGGREGATE_MAX_BATCH_RECORDS: envInteger({ min: 1, max: 10_000 })
    .default(defaultAggregateBatchRecords)
    .describe('the most contributions the aggregate stage processes and commits together, in one transaction'),
});

await runServiceMain({
  name: 'aggregator',
  envSchema,
  env: process.env,
  components: ({ config, bus, logger, metrics }) => [
    createAggregatorService({
      bus,
      logger,
      metrics,
      ...(config.VIGIA_NAMESPACE === undefined ? {} : { namespace: config.VIGIA_NAMESPACE }),
      maxBatchRecords: config.VIGIA_AGGREGATOR_MAX_BATCH_RECORDS,
      maxAggregateBatchRecords: config.VIGIA_AGGREGATOR_AGGREGATE_MAX_BATCH_RECORDS,
      query: { host: config.VIGIA_HTTP_HOST, port: config.VIGIA_HTTP_PORT },
    }),
  ],
});
