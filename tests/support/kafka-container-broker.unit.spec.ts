import { describe, expect, it } from 'vitest';
import { kafkaContainerPlan, kafkaImageKind } from './kafka-container-broker.ts';

const ports = { clientPort: 39_192, controllerPort: 39_193 };

describe('kafkaImageKind', () => {
  it.each(['apache/kafka:4.4.0', 'docker.io/apache/kafka:4.4.0', 'apache/kafka-native:4.4.0', 'mirror.example:5000/apache/kafka:4.4.0'])(
    'configures %s as the official image',
    (image) => expect(kafkaImageKind(image)).toBe('apache'),
  );

  it.each(['localhost/vigia-kafka:4.4.0-0123456789ab', 'vigia-kafka:dev', 'someone/apache-kafka:4.4.0'])(
    'configures %s as the local image of infra/kafka/image.sh',
    (image) => expect(kafkaImageKind(image)).toBe('local'),
  );
});

describe('kafkaContainerPlan', () => {
  it('hands the ports to kafka.sh inside the local image and waits for its entrypoint', () => {
    const plan = kafkaContainerPlan('local', ports);
    expect(plan.environment).toEqual({ VIGIA_KAFKA_PORT: '39192', VIGIA_KAFKA_CONTROLLER_PORT: '39193' });
    expect(plan.readyLog.test('vigia-kafka: ready at 127.0.0.1:39192')).toBe(true);
  });

  // Host networking: what the broker advertises is what clients on this machine dial,
  // and nothing may listen beyond loopback.
  it('makes the official image listen on and advertise 127.0.0.1 only, on the given ports', () => {
    const env = kafkaContainerPlan('apache', ports).environment;
    expect(env['KAFKA_LISTENERS']).toBe('PLAINTEXT://127.0.0.1:39192,CONTROLLER://127.0.0.1:39193');
    expect(env['KAFKA_ADVERTISED_LISTENERS']).toBe('PLAINTEXT://127.0.0.1:39192');
    expect(env['KAFKA_CONTROLLER_QUORUM_VOTERS']).toBe('1@127.0.0.1:39193');
  });

  it('gives the official image the single-broker settings of kafka.sh', () => {
    expect(kafkaContainerPlan('apache', ports).environment).toMatchObject({
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_LOG_RETENTION_MS: '-1',
    });
  });
});
