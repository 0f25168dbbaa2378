/**
 * A second local broker with SASL/SCRAM listeners (`VIGIA_KAFKA_SECURE=1` of
 * infra/kafka/kafka.sh), on its own ports and run folder so that it never
 * touches the plaintext broker the rest of the suite shares. Started by the
 * test that needs it, from nothing but the script, Java and Maven: a clean
 * clone in CI needs no set-up step. `VIGIA_KAFKA_KEEP=true` leaves it running.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForGroupCoordinators } from './kafka-coordinator-ready.ts';
import { KafkaHarnessError } from './kafka-harness-errors.ts';
import { runKafkaScript } from './kafka-local-broker.ts';

export interface SecureBroker {
  /** `host:port` of the SASL_SSL listener. */
  readonly saslSslBrokers: string[];
  /** `host:port` of the SASL_PLAINTEXT listener. */
  readonly saslPlaintextBrokers: string[];
  /** PEM of the broker's self-signed certificate. */
  readonly caFile: string;
  readonly username: string;
  readonly password: string;
  release(): Promise<void>;
}

/**
 * Ports 29092-29095 unless `VIGIA_TEST_KAFKA_SECURE_PORT` moves them; run folder under the temp dir. Below
 * Linux's ephemeral range (32768-60999): a port in it can be taken at random by any outgoing connection,
 * which once made this broker fail to bind in CI.
 */
export async function startSecureBroker(env: NodeJS.ProcessEnv = process.env): Promise<SecureBroker> {
  const port = Number(env['VIGIA_TEST_KAFKA_SECURE_PORT'] ?? 29092);
  const username = 'vigia-test';
  // A test-only broker on loopback; the password only has to differ from anything real.
  const password = 'scram-test-password-5d41402abc';
  const scriptEnv = {
    ...env,
    VIGIA_KAFKA_SECURE: '1',
    VIGIA_KAFKA_HOME: env['VIGIA_TEST_KAFKA_SECURE_HOME'] ?? join(tmpdir(), `vigia-kafka-secure-${port}`),
    VIGIA_KAFKA_PORT: String(port),
    VIGIA_KAFKA_CONTROLLER_PORT: String(port + 1),
    VIGIA_KAFKA_SASL_SSL_PORT: String(port + 2),
    VIGIA_KAFKA_SASL_PLAINTEXT_PORT: String(port + 3),
    VIGIA_KAFKA_SCRAM_USER: username,
    VIGIA_KAFKA_SCRAM_PASSWORD: password,
  };
  const { stdout } = await runKafkaScript(['start'], scriptEnv);
  const value = (name: string): string => {
    const found = new RegExp(`^${name}=(.*)$`, 'm').exec(stdout)?.[1]?.trim();
    if (found === undefined || found === '') {
      throw new KafkaHarnessError('VIGIA_TEST_KAFKA_LOCAL_BROKER_FAILED', `kafka.sh start (secure) printed no ${name} line`, { context: { stdout } });
    }
    return found;
  };
  // As for the shared broker (kafka-global-setup.ts): a fresh broker answers COORDINATOR_LOAD_IN_PROGRESS to the
  // first group requests, which the kafkajs consumer treats as fatal. Its plaintext listener serves the probe.
  await waitForGroupCoordinators(value('KAFKA_BROKERS').split(','));
  const startedHere = /^KAFKA_STARTED=1$/m.test(stdout);
  const keep = env['VIGIA_KAFKA_KEEP'] === 'true';
  return {
    saslSslBrokers: value('KAFKA_SASL_SSL_BROKERS').split(','),
    saslPlaintextBrokers: value('KAFKA_SASL_PLAINTEXT_BROKERS').split(','),
    caFile: value('KAFKA_SSL_CA_FILE'),
    username,
    password,
    release: async () => {
      if (startedHere && !keep) await runKafkaScript(['stop', '--clean'], scriptEnv);
    },
  };
}
