import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { KafkaHarnessError } from './kafka-harness-errors.ts';
import type { ProvisionedBroker } from './kafka-provision.ts';

/** infra/kafka/kafka.sh, the script that runs a broker from Maven Central's artifacts. */
export const kafkaScriptPath = fileURLToPath(new URL('../../infra/kafka/kafka.sh', import.meta.url));

/** What `kafka.sh start` reported on stdout. */
export interface KafkaScriptStartResult {
  brokers: string[];
  /** False when a broker was already running (someone else owns it). */
  startedByThisCall: boolean;
}

/**
 * Runs `kafka.sh start` (idempotent) and stops the broker on release only if this call
 * started it and `keepRunning` is false: a broker someone else started is theirs.
 */
export async function startLocalBroker(options: { keepRunning: boolean }): Promise<ProvisionedBroker> {
  const { stdout } = await runKafkaScript(['start']);
  const started = parseStartOutput(stdout);
  const owned = started.startedByThisCall && !options.keepRunning;
  return {
    brokers: started.brokers,
    description: `local broker via infra/kafka/kafka.sh (${started.startedByThisCall ? 'started by this run' : 'already running'}${owned ? ', stopped at the end' : ', left running'})`,
    release: async () => {
      if (owned) await runKafkaScript(['stop']);
    },
  };
}

/** The Apache Kafka version kafka.sh pins (`kafka.sh version`). */
export async function pinnedKafkaVersion(): Promise<string> {
  return (await runKafkaScript(['version'])).stdout.trim();
}

/** Reads `KAFKA_BROKERS=` and `KAFKA_STARTED=` lines from `kafka.sh start`'s stdout. */
export function parseStartOutput(stdout: string): KafkaScriptStartResult {
  const value = (name: string): string | undefined => new RegExp(`^${name}=(.*)$`, 'm').exec(stdout)?.[1]?.trim();
  const brokers = value('KAFKA_BROKERS');
  if (!brokers) {
    throw new KafkaHarnessError('VIGIA_TEST_KAFKA_LOCAL_BROKER_FAILED', 'kafka.sh start printed no KAFKA_BROKERS line', {
      context: { stdout },
    });
  }
  return { brokers: brokers.split(','), startedByThisCall: value('KAFKA_STARTED') === '1' };
}

/**
 * Runs the script with the caller's environment (VIGIA_KAFKA_PORT, VIGIA_KAFKA_HOME…), or `env`.
 * Its progress goes to stderr, passed through so that a first run's download shows.
 */
export function runKafkaScript(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [kafkaScriptPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const fail = (reason: string, cause?: unknown): void =>
      reject(
        new KafkaHarnessError('VIGIA_TEST_KAFKA_LOCAL_BROKER_FAILED', `bash infra/kafka/kafka.sh ${args.join(' ')} ${reason}`, {
          cause,
          context: { script: kafkaScriptPath, args },
        }),
      );
    child.on('error', (error) => fail('could not run', error));
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout });
      else fail(`exited with ${code} (its messages are above)`);
    });
  });
}
