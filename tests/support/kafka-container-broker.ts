import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { KafkaHarnessError } from './kafka-harness-errors.ts';
import type { ProvisionedBroker } from './kafka-provision.ts';

const clientPort = 9092;
const startScript = '/tmp/vigia-kafka-start.sh';
const waitingMessage = 'vigia: waiting for the start script';
const startedMessage = 'Kafka Server started';

/**
 * Starts `apache/kafka:<version>` (the image of the version infra/kafka/kafka.sh pins)
 * with the same broker settings as that script.
 *
 * The advertised listener must name the host port Docker maps, which is only known once
 * the container runs; so the container first waits for a start script, which is written
 * after the mapping exists (the approach of Testcontainers' own Kafka modules; the
 * published @testcontainers/kafka 11 only drives Confluent images).
 */
export async function startKafkaContainer(version: string, startupTimeoutMs = 120_000): Promise<ProvisionedBroker> {
  const image = `apache/kafka:${version}`;
  let container: StartedTestContainer | undefined;
  try {
    container = await new GenericContainer(image)
      .withExposedPorts(clientPort)
      .withEnvironment(brokerEnvironment())
      .withEntrypoint(['sh', '-c'])
      .withCommand([`echo '${waitingMessage}'; while [ ! -f ${startScript} ]; do sleep 0.1; done; exec ${startScript}`])
      .withWaitStrategy(Wait.forLogMessage(waitingMessage))
      .withStartupTimeout(startupTimeoutMs)
      .start();
    const host = container.getHost();
    const port = container.getMappedPort(clientPort);
    const advertised = `PLAINTEXT://${host}:${port},BROKER://localhost:9093`;
    await container.copyContentToContainer([
      {
        content: `#!/bin/bash\nexport KAFKA_ADVERTISED_LISTENERS='${advertised}'\nexec /etc/kafka/docker/run\n`,
        target: startScript,
        mode: 0o755,
      },
    ]);
    await waitForLog(container, startedMessage, startupTimeoutMs);
    const started = container;
    return {
      brokers: [`${host}:${port}`],
      description: `container ${image}`,
      release: async () => {
        await started.stop();
      },
    };
  } catch (error) {
    await container?.stop().catch(() => undefined);
    throw new KafkaHarnessError('VIGIA_TEST_KAFKA_CONTAINER_FAILED', `could not start ${image}`, {
      cause: error,
      context: { image },
    });
  }
}

/** infra/kafka/kafka.sh's server.properties, in the image's KAFKA_* environment form. */
function brokerEnvironment(): Record<string, string> {
  return {
    // Any fixed base64 UUID: every container is a fresh single-node cluster.
    CLUSTER_ID: 'R0s3ud4_nO29NNPiX-5ZJw',
    KAFKA_NODE_ID: '1',
    KAFKA_PROCESS_ROLES: 'broker,controller',
    KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9094',
    KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${clientPort},BROKER://0.0.0.0:9093,CONTROLLER://0.0.0.0:9094`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    KAFKA_NUM_PARTITIONS: '1',
    KAFKA_DEFAULT_REPLICATION_FACTOR: '1',
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    KAFKA_LOG_RETENTION_MS: '-1',
    KAFKA_HEAP_OPTS: '-Xms128m -Xmx512m',
  };
}

async function waitForLog(container: StartedTestContainer, message: string, timeoutMs: number): Promise<void> {
  const logs = await container.logs();
  const failure = (reason: string, cause?: unknown): KafkaHarnessError =>
    new KafkaHarnessError('VIGIA_TEST_KAFKA_CONTAINER_FAILED', reason, { cause, context: { message, timeoutMs } });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(failure(`no "${message}" in the container log after ${timeoutMs} ms`)), timeoutMs);
      let tail = '';
      logs.on('data', (chunk: Buffer | string) => {
        // Keep a short tail so that a line split across chunks still matches.
        tail = (tail + chunk.toString()).slice(-4_096);
        if (tail.includes(message)) {
          clearTimeout(timer);
          resolve();
        }
      });
      logs.on('error', (error: Error) => {
        clearTimeout(timer);
        reject(failure('reading the container log failed', error));
      });
      logs.on('end', () => {
        clearTimeout(timer);
        reject(failure(`the container exited before logging "${message}"`));
      });
    });
  } finally {
    logs.destroy();
  }
}
