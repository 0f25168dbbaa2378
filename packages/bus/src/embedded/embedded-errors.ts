/**
 * Errors of the embedded adapter. Codes are shared with the Kafka adapter
 * where the failure means the same thing (`VIGIA_BUS_UNKNOWN_TOPIC`,
 * `VIGIA_BUS_CLOSED`, `VIGIA_BUS_INVALID_ARGUMENT`), so callers branch on the
 * code, never on the adapter or the message. What each code means for
 * operators is in `busErrorDescriptions`.
 */
import { BusError, type BusErrorCode } from '../bus-errors.ts';

/** The subset of `busErrorCodes` this adapter throws. */
export const embeddedBusErrorCodes = [
  /** A produce, commit, subscribe or admin call named a topic the log does not have. */
  'VIGIA_BUS_UNKNOWN_TOPIC',
  /** A record asked for a partition the topic does not have. */
  'VIGIA_BUS_UNKNOWN_PARTITION',
  /** A call's arguments are unusable (bad topic name, negative offset, empty group id…). */
  'VIGIA_BUS_INVALID_ARGUMENT',
  /** An offset outside `[0, log end]` of its partition. */
  'VIGIA_BUS_OFFSET_OUT_OF_RANGE',
  /** One encoded record is larger than `maxRecordBytes`. */
  'VIGIA_BUS_RECORD_TOO_LARGE',
  /** Another process (or another open bus in this one) holds the data directory. */
  'VIGIA_BUS_DATA_DIR_LOCKED',
  /** The data directory was written by an incompatible format version. */
  'VIGIA_BUS_DATA_DIR_INCOMPATIBLE',
  /** Reading or writing the log on disk failed. */
  'VIGIA_BUS_STORAGE_FAILED',
  /** The log file is damaged somewhere other than a torn final write; the log stops. */
  'VIGIA_BUS_LOG_CORRUPT',
  /** The bus was closed (or crashed); nothing more can go through it. */
  'VIGIA_BUS_CLOSED',
  /** A commit for a partition this member no longer owns (a rebalance moved it). */
  'VIGIA_BUS_PARTITION_REVOKED',
  /** `setGroupOffsets` on a group that still has live members. */
  'VIGIA_BUS_GROUP_ACTIVE',
] as const satisfies readonly BusErrorCode[];

export type EmbeddedBusErrorCode = (typeof embeddedBusErrorCodes)[number];

/** Where the failure happened; only defined fields become (enumerable) properties. */
export interface EmbeddedBusErrorContext {
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: number;
  readonly groupId?: string;
  readonly path?: string;
  readonly operation?: string;
}

export interface EmbeddedBusErrorOptions extends EmbeddedBusErrorContext {
  readonly cause?: unknown;
}

/**
 * Context fields are `declare`d so that absent ones are absent, not own
 * properties holding `undefined`: a class field would be re-initialized after
 * `super()` and wipe the context `VigiaError` defined.
 *
 * `retriable` is always false, decided here for the processor's retry policy:
 * what the embedded log refuses stays refused, and a partition whose write
 * failed refuses every later append until the bus is reopened (recovery).
 */
export class EmbeddedBusError extends BusError<EmbeddedBusErrorCode> {
  declare readonly topic?: string;
  declare readonly partition?: number;
  declare readonly offset?: number;
  declare readonly groupId?: string;
  declare readonly path?: string;
  declare readonly operation?: string;

  constructor(code: EmbeddedBusErrorCode, message: string, options: EmbeddedBusErrorOptions = {}) {
    const { cause, ...context } = options;
    super(code, message, {
      ...(cause === undefined ? {} : { cause }),
      retriable: false,
      context: Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined)),
    });
  }
}

/** Wraps a file-system failure, keeping our own errors as they are. */
export function storageError(error: unknown, message: string, context: EmbeddedBusErrorContext): EmbeddedBusError {
  if (error instanceof EmbeddedBusError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new EmbeddedBusError('VIGIA_BUS_STORAGE_FAILED', `${message}: ${detail}`, { ...context, cause: error });
}

export function closedError(operation: string): EmbeddedBusError {
  return new EmbeddedBusError('VIGIA_BUS_CLOSED', `the embedded bus is closed; ${operation} is not possible`, {
    operation,
  });
}

export function unknownTopicError(topic: string, operation: string): EmbeddedBusError {
  return new EmbeddedBusError('VIGIA_BUS_UNKNOWN_TOPIC', `topic "${topic}" does not exist in the embedded log; create it with admin.ensureTopics first`, {
    topic,
    operation,
  });
}
