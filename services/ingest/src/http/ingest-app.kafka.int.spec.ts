/**
 * The ingest scenarios against a real Apache Kafka broker (from the `int`
 * project's global setup): what `produce` acknowledges there is what a
 * `read_committed` reader sees, in every namespace-isolated topic.
 */
import { randomUUID } from 'node:crypto';
import { createKafkaBus, type Bus } from '@vigia/bus';
import { inject, onTestFinished } from 'vitest';
import { silentLogger } from '../testing/ingest-harness.ts';
import { describeIngestScenarios } from '../testing/ingest-scenarios.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
  }
}

async function openKafkaBus(): Promise<Bus> {
  const bus = createKafkaBus({ brokers: inject('kafkaBrokers'), clientId: `vigia-ingest-test-${randomUUID()}` }, silentLogger);
  onTestFinished(() => bus.close());
  return bus;
}

describeIngestScenarios('kafka', openKafkaBus);
