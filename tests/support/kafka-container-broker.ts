import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GenericContainer, getContainerRuntimeClient, ImageName, Wait } from 'testcontainers';
import { KafkaHarnessError } from './kafka-harness-errors.ts';
import type { ContainerSettings, ProvisionedBroker } from './kafka-provision.ts';

/** infra/kafka/image.sh, which builds the local image of kafka.sh's broker. */
export const kafkaImageScriptPath = fileURLToPath(new URL('../../infra/kafka/image.sh', import.meta.url));

const host = '127.0.0.1';

/**
 * The two kinds of image the harness knows how to configure: Apache Kafka's official
 * `apache/kafka` (or `apache/kafka-native`), set up through its KAFKA_* variables, and
 * the local image of infra/kafka/image.sh, whose entrypoint is kafka.sh itself.
 */
export type KafkaImageKind = 'apache' | 'local';

export function kafkaImageKind(image: string): KafkaImageKind {
  const repository = ImageName.fromString(image).image;
  return /(^|\/)apache\/kafka(-native)?$/.test(repository) ? 'apache' : 'local';
}

/** What a container of one image kind is told, and the log line that says it is ready. */
export interface KafkaContainerPlan {
  environment: Record<string, string>;
  readyLog: RegExp;
}

/**
 * Both kinds run on the host's network, listening on 127.0.0.1 only: no bridge network
 * (podman's 10.88.0.0/16 must not be used on some machines) and no mapped port, so the
 * advertised listener is known before the container starts.
 */
export function kafkaContainerPlan(kind: KafkaImageKind, ports: Pick<ContainerSettings, 'clientPort' | 'controllerPort'>): KafkaContainerPlan {
  const { clientPort, controllerPort } = ports;
  if (kind === 'local') {
    return {
      // kafka.sh writes the same server.properties as for the broker without a container.
      environment: { VIGIA_KAFKA_PORT: String(clientPort), VIGIA_KAFKA_CONTROLLER_PORT: String(controllerPort) },
      // Printed by infra/kafka/container-entrypoint.sh once kafka.sh start saw the broker ready.
      readyLog: /vigia-kafka: ready at /,
    };
  }
  return {
    // infra/kafka/kafka.sh's server.properties, in the official image's KAFKA_* form.
    environment: {
      // Any fixed base64 UUID: every container is a fresh single-node cluster.
      CLUSTER_ID: 'R0s3ud4_nO29NNPiX-5ZJw',
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: `1@${host}:${controllerPort}`,
      KAFKA_LISTENERS: `PLAINTEXT://${host}:${clientPort},CONTROLLER://${host}:${controllerPort}`,
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${clientPort}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
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
    },
    readyLog: /Kafka Server started/,
  };
}

/** The local image's name for the current inputs (`image.sh name`: a hash, no build). */
export async function localKafkaImageName(): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [kafkaImageScriptPath, 'name']);
  return stdout.trim();
}

/**
 * Starts a broker container on the host's network and waits until it is ready: the
 * image's own "ready" log line, which both kinds print only once the client port
 * answers. The global setup then checks that the broker answers a Kafka request.
 */
export async function startKafkaContainer(settings: ContainerSettings, startupTimeoutMs = 180_000): Promise<ProvisionedBroker> {
  const image = settings.image ?? (await localKafkaImageName());
  const kind = kafkaImageKind(image);
  const fail = (reason: string, cause?: unknown): KafkaHarnessError =>
    new KafkaHarnessError('VIGIA_TEST_KAFKA_CONTAINER_FAILED', `could not start ${image}: ${reason}`, {
      cause,
      context: { image, clientPort: settings.clientPort, controllerPort: settings.controllerPort },
    });

  for (const port of [settings.clientPort, settings.controllerPort]) {
    if (await portAnswers(port)) {
      throw fail(`port ${host}:${port} is in use (another broker?); choose others with VIGIA_KAFKA_CONTAINER_PORT and VIGIA_KAFKA_CONTAINER_CONTROLLER_PORT`);
    }
  }
  // The local image cannot be pulled from anywhere: say how to get it instead of
  // letting the engine fail on a registry called "localhost".
  if (kind === 'local' && !(await imageExists(image))) {
    throw fail('the image is not built; run `bash infra/kafka/image.sh build`, or set VIGIA_KAFKA_IMAGE=apache/kafka:<version> to pull the official one');
  }

  const plan = kafkaContainerPlan(kind, settings);
  // testcontainers removes a container that never got ready, and its log with it: keep
  // the end of the log so that the error says why (kafka.sh prints the broker's log tail).
  let logTail = '';
  try {
    const container = await new GenericContainer(image)
      .withNetworkMode('host')
      .withEnvironment(plan.environment)
      .withLabels({ 'org.vigia.kafka-test-broker': String(settings.clientPort) })
      .withLogConsumer((stream) => {
        stream.on('data', (chunk: Buffer | string) => {
          logTail = (logTail + chunk.toString()).slice(-6_000);
        });
      })
      .withWaitStrategy(Wait.forLogMessage(plan.readyLog))
      .withStartupTimeout(startupTimeoutMs)
      .start();
    return {
      brokers: [`${host}:${settings.clientPort}`],
      description: `container ${image} (testcontainers, host network)`,
      release: async () => {
        await container.stop({ timeout: 30_000 });
      },
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw fail(logTail ? `${reason}\n--- end of the container log ---\n${logTail.trimEnd()}` : reason, error);
  }
}

async function imageExists(image: string): Promise<boolean> {
  const client = await getContainerRuntimeClient();
  return client.image.exists(ImageName.fromString(image));
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
