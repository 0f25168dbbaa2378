import { Kafka, logLevel } from 'kafkajs';
import { KafkaHarnessError } from './kafka-harness-errors.ts';

/** A broker the harness found or started, and how to let go of it. */
export interface ProvisionedBroker {
  brokers: string[];
  /** Where the broker came from, for the one line the setup prints. */
  description: string;
  release(): Promise<void>;
}

/** How the harness may get a broker; `auto` tries them in the documented order. */
export const kafkaSources = ['auto', 'container', 'local'] as const;
export type KafkaSource = (typeof kafkaSources)[number];

/** The harness's settings, read from the environment once by the global setup. */
export interface ProvisionSettings {
  /** `KAFKA_BROKERS`: an existing cluster wins over everything else. */
  brokersFromEnv: string[] | undefined;
  /** `VIGIA_TEST_KAFKA_SOURCE` (default `auto`). */
  source: KafkaSource;
  /** `VIGIA_KAFKA_KEEP=true`: leave a broker this run started running afterwards. */
  keepRunning: boolean;
  /** How a container broker is started, when one is. */
  container: ContainerSettings;
}

/**
 * The container broker runs on the host's network (no bridge network, no port mapping),
 * so it listens on the host's ports: by default neither kafka.sh's 39092/39093 nor
 * the 49092/49093 a shared development broker may use.
 */
export interface ContainerSettings {
  /** `VIGIA_KAFKA_IMAGE`; unset: the local image infra/kafka/image.sh builds. */
  image: string | undefined;
  /**
   * `VIGIA_KAFKA_CONTAINER_PORT` (default 29192: below Linux's ephemeral range 32768-60999, where an outgoing
   * connection can hold a port at random; 39192 once failed to bind in CI that way).
   */
  clientPort: number;
  /** `VIGIA_KAFKA_CONTAINER_CONTROLLER_PORT` (default 29193). */
  controllerPort: number;
}

/** The ways of getting a broker, injected so that the choice can be tested without one. */
export interface BrokerSources {
  containerRuntimeAnswers(): Promise<boolean>;
  startContainer(): Promise<ProvisionedBroker>;
  startLocal(options: { keepRunning: boolean }): Promise<ProvisionedBroker>;
  /** Told when `auto` falls back from a failed container to the local broker. */
  warn(message: string, error: unknown): void;
}

/**
 * Picks the broker for a test run: `KAFKA_BROKERS` if set; else a container when an
 * engine answers; else the local broker from infra/kafka/kafka.sh. In `auto`, a
 * container that fails to start (no network to pull the image…) falls back to the
 * local broker rather than failing the run.
 */
export async function provisionKafka(settings: ProvisionSettings, sources: BrokerSources): Promise<ProvisionedBroker> {
  if (settings.brokersFromEnv) {
    return { brokers: settings.brokersFromEnv, description: 'KAFKA_BROKERS', release: async () => undefined };
  }
  const useContainer = settings.source === 'container' || (settings.source === 'auto' && (await sources.containerRuntimeAnswers()));
  if (useContainer) {
    try {
      return await sources.startContainer();
    } catch (error) {
      if (settings.source === 'container') throw error;
      sources.warn('the Kafka container did not start; using infra/kafka/kafka.sh instead', error);
    }
  }
  return sources.startLocal({ keepRunning: settings.keepRunning });
}

/** Parses the environment into {@link ProvisionSettings}; fails on values it cannot use. */
export function readProvisionSettings(env: Record<string, string | undefined>): ProvisionSettings {
  const source = env['VIGIA_TEST_KAFKA_SOURCE']?.trim() || 'auto';
  if (!kafkaSources.includes(source as KafkaSource)) {
    throw new KafkaHarnessError('VIGIA_TEST_KAFKA_BROKERS_INVALID', `VIGIA_TEST_KAFKA_SOURCE must be one of ${kafkaSources.join(', ')}`, {
      context: { source },
    });
  }
  const raw = env['KAFKA_BROKERS']?.trim();
  return {
    brokersFromEnv: raw ? parseBrokerList(raw) : undefined,
    source: source as KafkaSource,
    keepRunning: ['1', 'true', 'yes'].includes((env['VIGIA_KAFKA_KEEP'] ?? '').trim().toLowerCase()),
    container: {
      image: env['VIGIA_KAFKA_IMAGE']?.trim() || undefined,
      clientPort: parsePort(env, 'VIGIA_KAFKA_CONTAINER_PORT', 29_192),
      controllerPort: parsePort(env, 'VIGIA_KAFKA_CONTAINER_CONTROLLER_PORT', 29_193),
    },
  };
}

function parsePort(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65_535) {
    throw new KafkaHarnessError('VIGIA_TEST_KAFKA_BROKERS_INVALID', `${name} must be a port number (1-65535), got "${raw}"`, {
      context: { [name]: raw },
    });
  }
  return port;
}

/** `host:port[,host:port…]` → list; rejects entries without a numeric port. */
export function parseBrokerList(raw: string): string[] {
  const brokers = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const invalid = brokers.filter((entry) => !/^[^\s:,]+:\d{1,5}$|^\[[0-9a-fA-F:.]+\]:\d{1,5}$/.test(entry));
  if (brokers.length === 0 || invalid.length > 0) {
    throw new KafkaHarnessError('VIGIA_TEST_KAFKA_BROKERS_INVALID', `KAFKA_BROKERS must be host:port[,host:port…], got "${raw}"`, {
      context: { invalid },
    });
  }
  return brokers;
}

/**
 * Fails the run once, with the broker list in the message, when the brokers do not
 * answer; otherwise every test would time out on its own.
 */
export async function assertBrokersAnswer(brokers: string[], timeoutMs = 15_000): Promise<void> {
  const admin = new Kafka({
    clientId: 'vigia-test-harness',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 5, initialRetryTime: 300, maxRetryTime: timeoutMs / 3 },
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    throw new KafkaHarnessError('VIGIA_TEST_KAFKA_BROKERS_UNREACHABLE', `no Kafka broker answered at ${brokers.join(',')}`, {
      cause: error,
      context: { brokers },
    });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
