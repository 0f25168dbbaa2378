/**
 * Errors of the Kafka adapter. Whether a failure is worth retrying is decided
 * here, where kafkajs's error is still at hand (habit: "retriable is decided
 * where the error is thrown"); the processor's retry policy only reads
 * `retriable`. What each code means for operators is in `busErrorDescriptions`.
 */
import { BusError, type BusErrorCode } from '../bus-errors.ts';

/** The subset of `busErrorCodes` this adapter throws. */
export const kafkaBusErrorCodes = [
  /** A produce or commit named a topic the cluster does not have. */
  'VIGIA_BUS_UNKNOWN_TOPIC',
  /** A record asked for a partition the topic does not have. */
  'VIGIA_BUS_UNKNOWN_PARTITION',
  /** An offset outside the partition's `[log start, log end]`. */
  'VIGIA_BUS_OFFSET_OUT_OF_RANGE',
  /** One record is larger than the broker or topic accepts (`message.max.bytes`). */
  'VIGIA_BUS_RECORD_TOO_LARGE',
  /** Records could not be appended. */
  'VIGIA_BUS_PRODUCE_FAILED',
  /** `context.commit` failed; nothing of it is visible (transactional) or outputs may be (not transactional). */
  'VIGIA_BUS_COMMIT_FAILED',
  /** Another producer with the same transactional id took over: this instance is a zombie. */
  'VIGIA_BUS_PRODUCER_FENCED',
  /** A commit for a partition this member no longer owns (a rebalance moved it); the next owner re-reads it. */
  'VIGIA_BUS_PARTITION_REVOKED',
  /** The consumer could not join its group or subscribe. */
  'VIGIA_BUS_SUBSCRIBE_FAILED',
  /** kafkajs gave up on the consumer (e.g. the cluster stayed unreachable). */
  'VIGIA_BUS_CONSUMER_CRASHED',
  /** `setGroupOffsets` on a group that still has live members. */
  'VIGIA_BUS_GROUP_ACTIVE',
  /** An admin operation failed. */
  'VIGIA_BUS_ADMIN_FAILED',
  /** A call's arguments are unusable (e.g. a negative offset). */
  'VIGIA_BUS_INVALID_ARGUMENT',
  /** The bus was closed. */
  'VIGIA_BUS_CLOSED',
] as const satisfies readonly BusErrorCode[];

export type KafkaBusErrorCode = (typeof kafkaBusErrorCodes)[number];

/** Where the failure happened; every field is optional and enumerable so pino serializes it. */
export interface KafkaBusErrorContext {
  readonly topic?: string | undefined;
  readonly partition?: number | undefined;
  readonly offset?: number;
  readonly groupId?: string;
  readonly transactionalId?: string;
  readonly operation?: string;
}

export interface KafkaBusErrorOptions extends KafkaBusErrorContext {
  readonly cause?: unknown;
  /** Overrides the retriability derived from `cause`. */
  readonly retriable?: boolean;
}

/**
 * Context fields are `declare`d: a class field would be re-initialized to
 * `undefined` after `super()` and wipe the context `VigiaError` defined.
 */
export class KafkaBusError extends BusError<KafkaBusErrorCode> {
  declare readonly topic?: string;
  declare readonly partition?: number;
  declare readonly offset?: number;
  declare readonly groupId?: string;
  declare readonly transactionalId?: string;
  declare readonly operation?: string;

  constructor(code: KafkaBusErrorCode, message: string, options: KafkaBusErrorOptions = {}) {
    const { cause, retriable, ...context } = options;
    super(code, message, {
      ...(cause === undefined ? {} : { cause }),
      retriable: retriable ?? isKafkaRetriable(cause),
      // Only defined fields become properties, so logs and `toMatchObject` stay clean.
      context: definedOnly(context),
    });
  }
}

function definedOnly(context: KafkaBusErrorContext): Record<string, string | number | undefined> {
  return Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined));
}

interface KafkaJsErrorShape {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly retriable?: unknown;
  readonly cause?: unknown;
}

function shape(error: unknown): KafkaJsErrorShape | undefined {
  return typeof error === 'object' && error !== null ? (error as KafkaJsErrorShape) : undefined;
}

/** Protocol errors that mean "a newer producer with this transactional id exists". */
const fencedTypes = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED']);

const tooLargeTypes = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);
/** The broker refused a record as malformed for the topic, e.g. a keyless record on a compacted topic. */
const invalidRecordTypes = new Set(['INVALID_RECORD', 'CORRUPT_MESSAGE', 'INVALID_TIMESTAMP']);

/** Group protocol errors of an offset commit: the member's generation is over, its partitions may be elsewhere. */
const revokedTypes = new Set(['ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS', 'FENCED_INSTANCE_ID']);

/** The broker's error type (`PRODUCER_FENCED`, …) of `error` or of what it wraps, if any matches `types`. */
function protocolType(error: unknown, types: ReadonlySet<string>): string | undefined {
  for (let current = shape(error), depth = 0; current && depth < 8; current = shape(current.cause), depth++) {
    if (typeof current.type === 'string' && types.has(current.type)) return current.type;
  }
  return undefined;
}

/** True when `error` (or what it wraps) says this producer was fenced off by a newer instance. */
export function isFencedError(error: unknown): boolean {
  return protocolType(error, fencedTypes) !== undefined;
}

/**
 * kafkajs marks its errors `retriable`. When its own retrier gives up it throws
 * `KafkaJSNumberOfRetriesExceeded` (not retriable) around the last cause; the
 * outage may still heal, so the innermost cause decides — the same rule
 * kafkajs's consumer applies before restarting itself. Programming errors and
 * fencing never heal by waiting.
 */
export function isKafkaRetriable(error: unknown): boolean {
  const outer = shape(error);
  if (!outer) return false;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return false;
  if (isFencedError(error)) return false;
  if (outer.name === 'KafkaJSNumberOfRetriesExceeded') {
    let inner: KafkaJsErrorShape = outer;
    for (let depth = 0; depth < 8; depth++) {
      const next = shape(inner.cause);
      if (!next) break;
      inner = next;
    }
    return inner !== outer && inner.retriable === true;
  }
  return outer.retriable === true;
}

/** Wraps whatever kafkajs threw, keeping our own errors as they are. */
export function toKafkaBusError(error: unknown, code: KafkaBusErrorCode, message: string, context: KafkaBusErrorContext = {}): KafkaBusError {
  if (error instanceof KafkaBusError) return error;
  if (isFencedError(error)) {
    return new KafkaBusError(
      'VIGIA_BUS_PRODUCER_FENCED',
      `${message}: a newer producer with the same transactional id fenced this one (this instance is a zombie)`,
      { ...context, cause: error, retriable: false },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  if (protocolType(error, revokedTypes) !== undefined) {
    return new KafkaBusError('VIGIA_BUS_PARTITION_REVOKED', `${message}: the group rebalanced (${detail})`, {
      ...context,
      cause: error,
      retriable: false,
    });
  }
  if (protocolType(error, tooLargeTypes) !== undefined) {
    return new KafkaBusError('VIGIA_BUS_RECORD_TOO_LARGE', `${message}: ${detail}`, { ...context, cause: error, retriable: false });
  }
  if (protocolType(error, invalidRecordTypes) !== undefined) {
    return new KafkaBusError('VIGIA_BUS_INVALID_ARGUMENT', `${message}: ${detail}`, { ...context, cause: error, retriable: false });
  }
  return new KafkaBusError(code, `${message}: ${detail}`, { ...context, cause: error });
}
