/**
 * Issue 13, broker security: SASL/SCRAM and TLS to Kafka are configuration.
 * The Bus is built from environment variables exactly as a service's main.ts
 * builds it, against a real broker started with SASL_SSL and SASL_PLAINTEXT
 * listeners (infra/kafka/kafka.sh with VIGIA_KAFKA_SECURE=1).
 */
import { randomUUID } from 'node:crypto';
import { createBus, parseBusConfig, type Bus } from '@vigia/bus';
import { createLogger, createMemoryLogDestination } from '@vigia/service-kit';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startSecureBroker, type SecureBroker } from '../support/kafka-secure-broker.ts';

let broker: SecureBroker;

// The first start in a fresh clone resolves Kafka's jars with Maven.
beforeAll(async () => {
  broker = await startSecureBroker();
}, 600_000);
afterAll(() => broker?.release(), 120_000);

/** A Bus from `env`, logging into memory; closed after the test. */
async function busFrom(env: Record<string, string>) {
  const destination = createMemoryLogDestination();
  const logger = createLogger({ name: 'kafka-security-test', level: 'debug', destination });
  const bus = await createBus(parseBusConfig({ ...env, KAFKA_CLIENT_ID: 'vigia-security-test' }), logger);
  onTestFinished(() => bus.close());
  return { bus, logs: () => destination.text() };
}

/** Creates a topic, appends one record and reads it back from the partition. */
async function roundTrip(bus: Bus): Promise<string[]> {
  const topic = `security-${randomUUID()}`;
  await bus.admin.ensureTopics([{ name: topic, partitions: 1, cleanupPolicy: 'delete' }]);
  await bus.produce([{ topic, key: 'k', partition: 0, value: new TextEncoder().encode('sealed') }]);
  const values: string[] = [];
  for await (const batch of bus.readPartition(topic, 0)) for (const record of batch) values.push(new TextDecoder().decode(record.value!));
  return values;
}

describe('Kafka with SASL/SCRAM and TLS from the environment (issue 13)', () => {
  it('SASL_SSL with SCRAM-SHA-512, trusting the broker certificate from KAFKA_SSL_CA_FILE', async () => {
    const { bus, logs } = await busFrom({
      KAFKA_BROKERS: broker.saslSslBrokers.join(','),
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: broker.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: broker.username,
      KAFKA_SASL_PASSWORD: broker.password,
    });
    expect(await roundTrip(bus)).toEqual(['sealed']);
    expect(logs()).not.toContain(broker.password);
  });

  it('SASL_PLAINTEXT with SCRAM-SHA-256', async () => {
    const { bus } = await busFrom({
      KAFKA_BROKERS: broker.saslPlaintextBrokers.join(','),
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: broker.username,
      KAFKA_SASL_PASSWORD: broker.password,
    });
    expect(await roundTrip(bus)).toEqual(['sealed']);
  });

  it('refuses a wrong password, and does not log it', async () => {
    const wrong = 'not-the-password-8a1f2e';
    const { bus, logs } = await busFrom({
      KAFKA_BROKERS: broker.saslPlaintextBrokers.join(','),
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: broker.username,
      KAFKA_SASL_PASSWORD: wrong,
    });
    await expect(bus.admin.listTopics()).rejects.toThrow();
    expect(logs()).not.toContain(wrong);
  });
});
