/**
 * The shared Bus contract against a real Kafka broker, unchanged. It has a file of its
 * own so that CI can run exactly this suite a second time, against the broker in a
 * container started through testcontainers (infra/run.sh, "container contract").
 */
import { pino } from 'pino';
import { inject } from 'vitest';
import { describeBusContract } from '../testing/bus-contract.ts';
import { createKafkaBus } from './index.ts';
import { kafkaTestConfig } from './kafka-test-config.ts';

// `kafkaBrokers` is declared for vitest's inject() in kafka-bus.int.spec.ts.
const config = kafkaTestConfig(inject('kafkaBrokers'));
const silent = pino({ level: 'silent' });

describeBusContract('kafka', () => ({
  open: async () => createKafkaBus(config, silent),
  waitTimeoutMs: 30_000,
}));
