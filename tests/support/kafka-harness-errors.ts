/**
 * Errors of the test harness: one class, a prefixed string `code` per failure, the
 * cause chained, and the context (`label`, `timeoutMs`, `brokers`…) as enumerable
 * properties so that vitest prints it next to the message.
 */
export const kafkaHarnessErrorCodes = [
  'VIGIA_TEST_KAFKA_BROKERS_INVALID',
  'VIGIA_TEST_KAFKA_BROKERS_UNREACHABLE',
  'VIGIA_TEST_KAFKA_LOCAL_BROKER_FAILED',
  'VIGIA_TEST_KAFKA_CONTAINER_FAILED',
  'VIGIA_TEST_KAFKA_TOPIC_NOT_CREATED',
  'VIGIA_TEST_WAIT_TIMEOUT',
  'VIGIA_TEST_WAIT_ABORTED',
  'VIGIA_TEST_WAIT_CONDITION_FAILED',
] as const;

/** One of {@link kafkaHarnessErrorCodes}. */
export type KafkaHarnessErrorCode = (typeof kafkaHarnessErrorCodes)[number];

/** Options of {@link KafkaHarnessError}: what caused it and what it was about. */
export interface KafkaHarnessErrorOptions {
  cause?: unknown;
  context?: Record<string, unknown>;
}

/** A failure of the Kafka test harness (setup, topic helpers, waiting). */
export class KafkaHarnessError extends Error {
  readonly code: KafkaHarnessErrorCode;

  constructor(code: KafkaHarnessErrorCode, message: string, options: KafkaHarnessErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KafkaHarnessError';
    this.code = code;
    // Context travels as own enumerable properties (not a nested bag) so that
    // reporters and structured logs show it without knowing this class.
    for (const [key, value] of Object.entries(options.context ?? {})) {
      if (!(key in this)) Object.defineProperty(this, key, { value, enumerable: true });
    }
  }
}
