/**
 * What the Kafka adapter needs, and its translation into kafkajs options.
 * Security is configuration: TLS and SASL settings pass straight through to
 * kafkajs, so enabling them is an environment change, never a code change.
 */
import type { KafkaConfig, RetryOptions, SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import type { Logger } from 'pino';
import { kafkaJsLevelFor, pinoLogCreator } from './kafka-logger.ts';

/** TLS with PEM material already read from disk (`createBus` reads the files). */
export interface KafkaTlsConfig {
  /** Trusted CA certificates; omit to use Node's default trust store. */
  readonly caPem?: string;
  /** Client certificate and key for mutual TLS; give both or neither. */
  readonly certPem?: string;
  readonly keyPem?: string;
  /** Default true. Turning it off accepts any server certificate: never in production. */
  readonly rejectUnauthorized?: boolean;
}

export type KafkaSaslMechanism = 'scram-sha-256' | 'scram-sha-512' | 'plain';

export interface KafkaSaslConfig {
  readonly mechanism: KafkaSaslMechanism;
  readonly username: string;
  readonly password: string;
}

export interface KafkaBusConfig {
  /** `host:port` of one or more bootstrap brokers. */
  readonly brokers: readonly string[];
  /** Shown in broker logs and quotas; default `vigia`. */
  readonly clientId?: string;
  /** `true` uses TLS with Node's default trust store. */
  readonly ssl?: boolean | KafkaTlsConfig;
  readonly sasl?: KafkaSaslConfig;
  /** TCP connect timeout; default 3000 ms. */
  readonly connectionTimeoutMs?: number;
  /** Per-request timeout; default 30 000 ms. */
  readonly requestTimeoutMs?: number;
  /** Group session timeout; default 30 000 ms. A member silent this long is dropped from its group. */
  readonly sessionTimeoutMs?: number;
  /** Group heartbeat interval; default 3000 ms, must stay well below the session timeout. */
  readonly heartbeatIntervalMs?: number;
  /**
   * Longest a fetch waits for new records; default 500 ms (Kafka's own
   * `fetch.max.wait.ms`). It also bounds how long `stop()` waits for a fetch.
   */
  readonly maxWaitTimeMs?: number;
  /** Longest a transaction may stay open before the broker aborts it; default 60 000 ms. */
  readonly transactionTimeoutMs?: number;
}

/** Defaults applied once; the rest of the adapter reads only this shape. */
export interface ResolvedKafkaBusConfig extends Required<Omit<KafkaBusConfig, 'ssl' | 'sasl'>> {
  readonly ssl?: boolean | KafkaTlsConfig;
  readonly sasl?: KafkaSaslConfig;
}

export function resolveKafkaBusConfig(config: KafkaBusConfig): ResolvedKafkaBusConfig {
  return Object.freeze({
    ...config,
    brokers: Object.freeze([...config.brokers]),
    clientId: config.clientId ?? 'vigia',
    connectionTimeoutMs: config.connectionTimeoutMs ?? 3000,
    requestTimeoutMs: config.requestTimeoutMs ?? 30_000,
    sessionTimeoutMs: config.sessionTimeoutMs ?? 30_000,
    heartbeatIntervalMs: config.heartbeatIntervalMs ?? 3000,
    maxWaitTimeMs: config.maxWaitTimeMs ?? 500,
    transactionTimeoutMs: config.transactionTimeoutMs ?? 60_000,
  });
}

/**
 * Connection-level retries of kafkajs (reconnects, metadata, coordinator
 * look-ups). Spelled out in full because kafkajs swaps in much shorter
 * defaults when `NODE_ENV=test`, which would make tests behave unlike production.
 */
export const kafkaClientRetry: Readonly<Required<Omit<RetryOptions, 'restartOnFailure'>>> = Object.freeze({
  initialRetryTime: 300,
  maxRetryTime: 30_000,
  factor: 0.2,
  multiplier: 2,
  retries: 8,
});

/**
 * Retries of transactional producers. A transaction that starts right after
 * the previous one ended is answered CONCURRENT_TRANSACTIONS until the
 * coordinator has written the markers, a matter of milliseconds; the Java
 * producer retries that after 20 ms, where kafkajs's 300 ms default made every
 * transaction of a busy stage wait (seen in `pnpm bench:bus`).
 */
export const kafkaTransactionalRetry: Readonly<Required<Omit<RetryOptions, 'restartOnFailure'>>> = Object.freeze({
  ...kafkaClientRetry,
  initialRetryTime: 20,
  retries: 12,
});

export function toKafkaJsSsl(ssl: ResolvedKafkaBusConfig['ssl']): ConnectionOptions | boolean | undefined {
  if (ssl === undefined || typeof ssl === 'boolean') return ssl;
  const options: ConnectionOptions = { rejectUnauthorized: ssl.rejectUnauthorized ?? true };
  if (ssl.caPem !== undefined) options.ca = [ssl.caPem];
  if (ssl.certPem !== undefined) options.cert = ssl.certPem;
  if (ssl.keyPem !== undefined) options.key = ssl.keyPem;
  return options;
}

export function toKafkaJsSasl(sasl: KafkaSaslConfig | undefined): SASLOptions | undefined {
  if (sasl === undefined) return undefined;
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

/** The kafkajs client options for `config`, logging into `logger`. */
export function toKafkaJsConfig(config: ResolvedKafkaBusConfig, logger: Logger): KafkaConfig {
  const kafkaConfig: KafkaConfig = {
    brokers: [...config.brokers],
    clientId: config.clientId,
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    retry: { ...kafkaClientRetry },
    logLevel: kafkaJsLevelFor(logger) as NonNullable<KafkaConfig['logLevel']>,
    logCreator: pinoLogCreator(logger),
  };
  const ssl = toKafkaJsSsl(config.ssl);
  if (ssl !== undefined) kafkaConfig.ssl = ssl;
  const sasl = toKafkaJsSasl(config.sasl);
  if (sasl !== undefined) kafkaConfig.sasl = sasl;
  return kafkaConfig;
}
