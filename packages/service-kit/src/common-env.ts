import { hostname } from 'node:os';
import { z } from 'zod';
import { envDurationMs, envLogLevel, envPort } from './env-fields.ts';

/**
 * Defaults fit Kubernetes' 30 s termination grace period: drain for up to 20 s,
 * exit on our own at 25 s, so the kubelet's SIGKILL never cuts a commit short.
 */
export const defaultShutdownGraceMs = 20_000;
export const defaultShutdownForceMs = 25_000;

/** Every service's own settings; a service extends it: `commonServiceEnvSchema.extend({ … })`. */
export const commonServiceEnvSchema = z
  .object({
    LOG_LEVEL: envLogLevel().default('info').describe('the least severe log level written, e.g. info or debug'),
    VIGIA_INSTANCE_ID: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,128}$/, 'expected letters, digits, ".", "_" or "-" (at most 128 characters)')
      .default(() => `${hostname()}-${process.pid}`)
      .describe('a name for this process in logs and Kafka client ids (default: hostname-pid)'),
    VIGIA_HTTP_HOST: z.string().trim().default('127.0.0.1').describe('the address the service API listens on'),
    VIGIA_HTTP_PORT: envPort().default(8080).describe('the TCP port of the service API, for services that have one'),
    VIGIA_OPS_HOST: z.string().trim().default('127.0.0.1').describe('the address of the /healthz, /readyz and /metrics server (0.0.0.0 inside a container)'),
    VIGIA_OPS_PORT: envPort().default(9464).describe('the TCP port of the /healthz, /readyz and /metrics server'),
    VIGIA_SHUTDOWN_GRACE_MS: envDurationMs().default(defaultShutdownGraceMs).describe('how long shutdown waits for in-flight work before abandoning it'),
    VIGIA_SHUTDOWN_FORCE_MS: envDurationMs({ minMs: 1 })
      .default(defaultShutdownForceMs)
      .describe('how long shutdown may take in total before the process exits with a failure'),
  })
  .superRefine((env, ctx) => {
    if (env.VIGIA_SHUTDOWN_FORCE_MS <= env.VIGIA_SHUTDOWN_GRACE_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['VIGIA_SHUTDOWN_FORCE_MS'],
        message: `must be longer than VIGIA_SHUTDOWN_GRACE_MS (${env.VIGIA_SHUTDOWN_GRACE_MS} ms), or shutdown would be forced before the grace period ends`,
      });
    }
  });

export type CommonServiceEnv = z.output<typeof commonServiceEnvSchema>;

/**
 * Each service's own default API port, so that one machine runs them all
 * without configuration (and `vigia up` prints them): ingest 8080, the
 * aggregator's query API 8081, the console 8082.
 */
export const defaultHttpPorts = Object.freeze({ ingest: 8080, query: 8081, console: 8082 });
