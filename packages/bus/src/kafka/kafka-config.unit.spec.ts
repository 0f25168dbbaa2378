import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { kafkaClientRetry, resolveKafkaBusConfig, toKafkaJsConfig } from './kafka-config.ts';

const silent = pino({ level: 'silent' });

describe('toKafkaJsConfig', () => {
  it('passes SASL/SCRAM credentials and mechanism through to kafkajs', () => {
    for (const mechanism of ['scram-sha-256', 'scram-sha-512', 'plain'] as const) {
      const config = toKafkaJsConfig(resolveKafkaBusConfig({ brokers: ['k:9096'], sasl: { mechanism, username: 'aggregator', password: 's3cret' } }), silent);
      expect(config.sasl).toEqual({ mechanism, username: 'aggregator', password: 's3cret' });
    }
  });

  it('turns PEM material into TLS options, verifying the server unless told otherwise', () => {
    const config = toKafkaJsConfig(resolveKafkaBusConfig({ brokers: ['k:9093'], ssl: { caPem: 'CA', certPem: 'CERT', keyPem: 'KEY' } }), silent);
    expect(config.ssl).toEqual({ ca: ['CA'], cert: 'CERT', key: 'KEY', rejectUnauthorized: true });
    const insecure = toKafkaJsConfig(resolveKafkaBusConfig({ brokers: ['k:9093'], ssl: { rejectUnauthorized: false } }), silent);
    expect(insecure.ssl).toEqual({ rejectUnauthorized: false });
    expect(toKafkaJsConfig(resolveKafkaBusConfig({ brokers: ['k:9093'], ssl: true }), silent).ssl).toBe(true);
  });

  it('leaves TLS and SASL out for a plaintext cluster and spells out every retry setting', () => {
    const config = toKafkaJsConfig(resolveKafkaBusConfig({ brokers: ['a:9092', 'b:9092'] }), silent);
    expect(config).not.toHaveProperty('ssl');
    expect(config).not.toHaveProperty('sasl');
    expect(config).toMatchObject({ brokers: ['a:9092', 'b:9092'], clientId: 'vigia', connectionTimeout: 3000, requestTimeout: 30_000 });
    // kafkajs swaps its retry defaults under NODE_ENV=test; every field set keeps tests like production.
    expect(config.retry).toEqual(kafkaClientRetry);
    expect(Object.keys(kafkaClientRetry).sort()).toEqual(['factor', 'initialRetryTime', 'maxRetryTime', 'multiplier', 'retries']);
  });

  it('resolves defaults once into a frozen config', () => {
    const resolved = resolveKafkaBusConfig({ brokers: ['k:9092'], sessionTimeoutMs: 6000 });
    expect(resolved).toMatchObject({ sessionTimeoutMs: 6000, heartbeatIntervalMs: 3000, maxWaitTimeMs: 500, transactionTimeoutMs: 60_000 });
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(resolved.brokers)).toBe(true);
  });
});
