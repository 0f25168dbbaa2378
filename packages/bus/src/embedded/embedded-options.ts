/**
 * Options of the embedded bus: what a caller may pass, the documented
 * defaults, and the one function that applies them and checks them once, so
 * the rest of the adapter reads a normalized, frozen object.
 */
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { EmbeddedBusError } from './embedded-errors.ts';

/**
 * When appends reach the disk.
 * - `'commit'` (default): `produce()` and `context.commit()` resolve only after
 *   their transaction (outputs and group offsets together) is fsynced, and
 *   consumers see a record only once it is durable — the embedded analogue of `acks=all`.
 * - `'never'`: fsync only at checkpoints. A machine crash (not a process crash)
 *   can lose the last transactions, never part of one. For benchmarks and tests.
 */
export type FsyncPolicy = 'commit' | 'never';

export interface EmbeddedBusOptions {
  /** Directory holding the log; created if missing. One process at a time. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** Default `'commit'`; see {@link FsyncPolicy}. */
  readonly fsync?: FsyncPolicy;
  /** Largest encoded record accepted; default 1 MiB, Kafka's default `max.message.bytes`. */
  readonly maxRecordBytes?: number;
  /** Upper bound of records per `eachBatch` when the subscriber sets none; default 500. */
  readonly defaultMaxBatchRecords?: number;
  /** Upper bound of bytes read for one batch (at least one record is always delivered); default 1 MiB. */
  readonly maxBatchBytes?: number;
}

export interface CompiledEmbeddedBusOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly fsync: FsyncPolicy;
  readonly maxRecordBytes: number;
  readonly defaultMaxBatchRecords: number;
  readonly maxBatchBytes: number;
}

export const embeddedBusDefaults = Object.freeze({
  fsync: 'commit' as FsyncPolicy,
  maxRecordBytes: 1_048_576,
  defaultMaxBatchRecords: 500,
  maxBatchBytes: 1_048_576,
});

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new EmbeddedBusError('VIGIA_BUS_INVALID_ARGUMENT', `${name} must be a positive integer, got ${value}`, {
      operation: 'createEmbeddedBus',
    });
  }
  return value;
}

export function compileEmbeddedBusOptions(options: EmbeddedBusOptions): CompiledEmbeddedBusOptions {
  if (typeof options.dataDir !== 'string' || options.dataDir.trim() === '') {
    throw new EmbeddedBusError('VIGIA_BUS_INVALID_ARGUMENT', 'dataDir must be a non-empty path (e.g. ".vigia/data")', {
      operation: 'createEmbeddedBus',
    });
  }
  const fsync = options.fsync ?? embeddedBusDefaults.fsync;
  if (fsync !== 'commit' && fsync !== 'never') {
    throw new EmbeddedBusError('VIGIA_BUS_INVALID_ARGUMENT', `fsync must be "commit" or "never", got "${String(fsync)}"`, {
      operation: 'createEmbeddedBus',
    });
  }
  return Object.freeze({
    dataDir: resolve(options.dataDir),
    logger: options.logger,
    fsync,
    maxRecordBytes: positiveInteger('maxRecordBytes', options.maxRecordBytes ?? embeddedBusDefaults.maxRecordBytes),
    defaultMaxBatchRecords: positiveInteger('defaultMaxBatchRecords', options.defaultMaxBatchRecords ?? embeddedBusDefaults.defaultMaxBatchRecords),
    maxBatchBytes: positiveInteger('maxBatchBytes', options.maxBatchBytes ?? embeddedBusDefaults.maxBatchBytes),
  });
}
