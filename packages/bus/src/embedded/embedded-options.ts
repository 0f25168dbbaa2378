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
 *   the data (and, for commits, the group offsets) are fsynced, and consumers
 *   see a record only once it is durable — the embedded analogue of `acks=all`.
 * - `'never'`: leave flushing to the OS. A machine crash (not a process crash)
 *   can lose the last records. For benchmarks and tests.
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
  /** Recently appended bytes kept decoded in memory per partition for tail reads; default 1 MiB. */
  readonly tailCacheBytesPerPartition?: number;
  /** One sparse index entry (offset → file position, max timestamp) per this many records; default 64. */
  readonly indexIntervalRecords?: number;
  /** @internal Fault injection for tests: runs after a commit's outputs are appended, before its offsets are written. */
  readonly beforeGroupOffsetWrite?: () => Promise<void>;
}

export interface CompiledEmbeddedBusOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly fsync: FsyncPolicy;
  readonly maxRecordBytes: number;
  readonly defaultMaxBatchRecords: number;
  readonly maxBatchBytes: number;
  readonly tailCacheBytesPerPartition: number;
  readonly indexIntervalRecords: number;
  readonly beforeGroupOffsetWrite: (() => Promise<void>) | undefined;
}

export const embeddedBusDefaults = Object.freeze({
  fsync: 'commit' as FsyncPolicy,
  maxRecordBytes: 1_048_576,
  defaultMaxBatchRecords: 500,
  maxBatchBytes: 1_048_576,
  tailCacheBytesPerPartition: 1_048_576,
  indexIntervalRecords: 64,
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
    defaultMaxBatchRecords: positiveInteger(
      'defaultMaxBatchRecords',
      options.defaultMaxBatchRecords ?? embeddedBusDefaults.defaultMaxBatchRecords,
    ),
    maxBatchBytes: positiveInteger('maxBatchBytes', options.maxBatchBytes ?? embeddedBusDefaults.maxBatchBytes),
    tailCacheBytesPerPartition: Math.max(
      0,
      options.tailCacheBytesPerPartition ?? embeddedBusDefaults.tailCacheBytesPerPartition,
    ),
    indexIntervalRecords: positiveInteger(
      'indexIntervalRecords',
      options.indexIntervalRecords ?? embeddedBusDefaults.indexIntervalRecords,
    ),
    beforeGroupOffsetWrite: options.beforeGroupOffsetWrite,
  });
}
