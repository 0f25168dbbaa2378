import { homedir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { startKafkaContainer } from './kafka-container-broker.ts';
import { containerRuntimeAnswers } from './kafka-container-runtime.ts';
import { waitForGroupCoordinators } from './kafka-coordinator-ready.ts';
import { startLocalBroker } from './kafka-local-broker.ts';
import { assertBrokersAnswer, provisionKafka, readProvisionSettings } from './kafka-provision.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port` of every broker of the cluster the `int` project runs against. */
    kafkaBrokers: string[];
  }
}

/**
 * Global setup of the `int` project: finds or starts one Kafka broker for the whole run
 * and provides it to tests as `kafkaBrokers` (read it with `kafkaBrokers()` from
 * ./kafka-broker.ts). In order: `KAFKA_BROKERS`, a testcontainers container when a
 * container engine answers (the local image of infra/kafka/image.sh, or
 * `VIGIA_KAFKA_IMAGE`), the local broker of infra/kafka/kafka.sh.
 * `VIGIA_TEST_KAFKA_SOURCE=container|local` forces one; `VIGIA_KAFKA_KEEP=true`
 * leaves a broker this run started running for the next run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = readProvisionSettings(process.env);
  const broker = await provisionKafka(settings, {
    containerRuntimeAnswers: () => containerRuntimeAnswers({ env: process.env, home: homedir() }),
    startContainer: () => startKafkaContainer(settings.container),
    startLocal: (options) => startLocalBroker(options),
    warn: (message, error) => report(`${message} (${error instanceof Error ? error.message : String(error)})`),
  });
  try {
    await assertBrokersAnswer(broker.brokers);
    await waitForGroupCoordinators(broker.brokers);
  } catch (error) {
    await broker.release();
    throw error;
  }
  report(`Kafka at ${broker.brokers.join(',')}: ${broker.description}`);
  project.provide('kafkaBrokers', broker.brokers);
  return () => broker.release();
}

// One line on stderr: this runs in the vitest main process, before any reporter output.
function report(line: string): void {
  process.stderr.write(`[kafka-harness] ${line}\n`);
}
