/**
 * The Kafka adapter's settings in the `*.int.spec.ts` files of this folder, which the
 * global setup of tests/vitest.config.ts points at a real broker.
 */
import type { KafkaBusConfig } from './index.ts';

/**
 * Heartbeats every 500 ms so rebalances settle in about a second (kafkajs notices a
 * rebalance only when it heartbeats) and short fetch waits so stop() returns quickly.
 */
export function kafkaTestConfig(brokers: string[]): KafkaBusConfig {
  return { brokers, clientId: 'vigia-test', heartbeatIntervalMs: 500, maxWaitTimeMs: 100 };
}
