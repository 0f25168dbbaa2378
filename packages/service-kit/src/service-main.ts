import { createBus, parseBusConfig, type Bus, type BusConfig } from '@vigia/bus';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { loadConfig, type Env } from './config.ts';
import type { CommonServiceEnv } from './common-env.ts';
import { Lifecycle, lifecycleReadinessCheck, type LifecycleComponent } from './lifecycle.ts';
import { createLogger } from './logger.ts';
import { MetricsRegistry } from './metrics.ts';
import { OpsServer } from './ops-server.ts';
import { registerProcessMetrics } from './process-metrics.ts';
import { Readiness } from './readiness.ts';
import { runUntilSignal } from './run-until-signal.ts';

/** What a service's components are built from, once configuration, logger and Bus exist. */
export interface ServiceContext<Config> {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  readonly readiness: Readiness;
  readonly bus: Bus;
}

export interface ServiceMainOptions<Schema extends z.ZodType<CommonServiceEnv, Record<string, unknown>>> {
  /** Service name in logs (`service` field). */
  readonly name: string;
  /** `commonServiceEnvSchema.extend({...})`: the service's own variables. */
  readonly envSchema: Schema;
  /** `process.env`, passed by `main.ts`, the only file that reads it. */
  readonly env: Env;
  /** The service's components, started in order after the ops server and the Bus, stopped in reverse. */
  components(context: ServiceContext<Readonly<z.output<Schema>>>): readonly LifecycleComponent[] | Promise<readonly LifecycleComponent[]>;
}

/** Exit status for configuration errors (EX_CONFIG, sysexits.h). */
export const configErrorExitCode = 78;

/**
 * The body of every service's `main.ts`: parse the environment once (every
 * bad variable in one message, exit 78), create the logger, metrics and
 * readiness, open the Bus, serve `/healthz` `/readyz` `/metrics`, start the
 * components and run until SIGTERM or SIGINT. The Bus is closed last, after
 * the stages committed their last batch.
 */
export async function runServiceMain<Schema extends z.ZodType<CommonServiceEnv, Record<string, unknown>>>(options: ServiceMainOptions<Schema>): Promise<never> {
  let config: Readonly<z.output<Schema>>;
  let busConfig: BusConfig;
  try {
    config = loadConfig(options.envSchema, options.env);
    busConfig = parseBusConfig(options.env);
  } catch (error) {
    // No logger yet: the configuration decides its level. The message names each variable and the fix.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(configErrorExitCode);
  }
  const logger = createLogger({ name: options.name, level: config.LOG_LEVEL, instanceId: config.VIGIA_INSTANCE_ID });
  const metrics = new MetricsRegistry({ logger });
  registerProcessMetrics(metrics);
  const readiness = new Readiness();
  const lifecycle = new Lifecycle({ logger, graceTimeoutMs: config.VIGIA_SHUTDOWN_GRACE_MS, forceTimeoutMs: config.VIGIA_SHUTDOWN_FORCE_MS });
  readiness.add('lifecycle', lifecycleReadinessCheck(lifecycle));

  let bus: Bus;
  try {
    bus = await createBus(busConfig, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'cannot open the bus');
    process.exit(1);
  }
  lifecycle
    .add(new OpsServer({ logger, metrics, readiness, host: config.VIGIA_OPS_HOST, port: config.VIGIA_OPS_PORT }))
    .add({ name: 'bus', stop: () => bus.close() });
  for (const component of await options.components({ config, logger, metrics, readiness, bus })) lifecycle.add(component);
  return runUntilSignal(lifecycle);
}
