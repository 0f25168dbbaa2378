/** The Kafka adapter of the Bus port. */
export { createKafkaBus } from './kafka-bus.ts';
export type { KafkaBusConfig, KafkaSaslConfig, KafkaSaslMechanism, KafkaTlsConfig } from './kafka-config.ts';
export {
  isFencedError,
  isKafkaRetriable,
  KafkaBusError,
  kafkaBusErrorCodes,
  type KafkaBusErrorCode,
  type KafkaBusErrorContext,
} from './kafka-errors.ts';
export { transactionalIdFor } from './transactional-producers.ts';
