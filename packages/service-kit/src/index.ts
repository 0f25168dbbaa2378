/**
 * What every service's `main.ts` is wired from: configuration from the
 * environment, the process logger, the ops endpoints (/healthz, /readyz,
 * /metrics) and an explicit lifecycle with graceful shutdown.
 *
 * ```ts
 * const config = loadConfig(commonServiceEnvSchema.extend({ KAFKA_BROKERS: envList() }), process.env);
 * const logger = createLogger({ name: 'normalizer', level: config.LOG_LEVEL, instanceId: config.VIGIA_INSTANCE_ID });
 * const metrics = new MetricsRegistry({ logger });
 * registerProcessMetrics(metrics);
 * const readiness = new Readiness();
 * const lifecycle = new Lifecycle({
 *   logger,
 *   graceTimeoutMs: config.VIGIA_SHUTDOWN_GRACE_MS,
 *   forceTimeoutMs: config.VIGIA_SHUTDOWN_FORCE_MS,
 * });
 * readiness.add('lifecycle', lifecycleReadinessCheck(lifecycle));
 * lifecycle
 *   .add(new OpsServer({ logger, metrics, readiness, host: config.VIGIA_OPS_HOST, port: config.VIGIA_OPS_PORT }))
 *   .add(kafkaConnection)   // opened first, closed last
 *   .add(normalizerStage)   // stop: stop consuming, finish in-flight batch, commit
 *   .add(cronJobs);         // stopped first
 * await runUntilSignal(lifecycle);
 * ```
 */
export { serviceKitErrorCodes, ServiceKitError, type ServiceKitErrorCode } from './errors.ts';

export { loadConfig, type Env } from './config.ts';
export { ConfigError, isSecretVariable, type ConfigProblem } from './config-error.ts';
export { defaultMaxConfigFileBytes, readConfigFile } from './config-file.ts';
export { loggablePath } from './loggable-path.ts';
export {
  envBoolean,
  envDurationMs,
  envInteger,
  envList,
  envLogLevel,
  envNamespace,
  envPort,
  logLevels,
  type EnvDurationOptions,
  type EnvIntegerOptions,
  type LogLevel,
} from './env-fields.ts';
export {
  commonServiceEnvSchema,
  defaultHttpPorts,
  defaultShutdownForceMs,
  defaultShutdownGraceMs,
  type CommonServiceEnv,
} from './common-env.ts';

export { createLogger, type CreateLoggerOptions } from './logger.ts';
export { isSecretKey, redactedValue, redactSecrets } from './redaction.ts';

export {
  MetricsRegistry,
  type Collector,
  type HistogramOptions,
  type MetricOptions,
  type MetricsExposition,
  type MetricsRegistryOptions,
} from './metrics.ts';
export { registerProcessMetrics } from './process-metrics.ts';

export {
  Readiness,
  type ReadinessCheck,
  type ReadinessOptions,
  type ReadinessReport,
  type ReadinessResult,
  type ReadinessVerdict,
} from './readiness.ts';
export { OpsServer, type OpsServerAddress, type OpsServerOptions } from './ops-server.ts';
export { envApiKeys } from './http/api-keys-env.ts';
export { boundAddress, listenHttp, type HttpAddress } from './http/listen.ts';
export { findApiKey, hashApiKey, parseApiKeyFields, presentedApiKey, type ApiKeyEntry, type ParsedApiKeyEntry } from './http/api-keys.ts';

export {
  Lifecycle,
  lifecycleReadinessCheck,
  type LifecycleComponent,
  type LifecycleOutcome,
  type LifecycleState,
  type StartContext,
  type StopContext,
} from './lifecycle.ts';
export { compileLifecycleOptions, type LifecycleOptions } from './lifecycle-options.ts';
export { exitCodeOf, runUntilSignal, type RunUntilSignalOptions } from './run-until-signal.ts';

export { createMemoryLogDestination, type LogRecord, type MemoryLogDestination } from './testing/memory-log.ts';
export { configErrorExitCode, runServiceMain, type ServiceContext, type ServiceMainOptions } from './service-main.ts';
