/**
 * One topic-partition of the embedded log: an append-only segment file of
 * framed records, a sparse in-memory index, and a small cache of the most
 * recent records (what live consumers read).
 *
 * Memory is bounded for any log size: the index keeps one entry (file position
 * and running maximum timestamp) per `indexIntervalRecords` records, like
 * Kafka's sparse offset and time indexes, and older records are read back from
 * the file by position.
 *
 * Writes are queued and run one at a time; offsets are reserved synchronously
 * at `append` so concurrent appends keep call order. A record becomes visible
 * to readers (`endOffset`) only once it is written — and fsynced under the
 * `commit` policy — mirroring Kafka's high watermark.
 */
import { constants } from 'node:fs';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ConsumedRecord, RecordHeaders } from '../port.ts';
import { CoalescingTask } from './coalescing-task.ts';
import { closedError, EmbeddedBusError, storageError } from './embedded-errors.ts';
import { type ScanEnd, scanFrames } from './frame-scanner.ts';
import { encodeFrame, FRAME_HEADER_BYTES } from './record-frame.ts';

/** A validated record ready to append (timestamp already chosen). */
export interface AppendRecord {
  readonly key: string | null;
  readonly value: Uint8Array | null;
  readonly headers: RecordHeaders;
  readonly timestampMs: number;
}

export interface PartitionLogOptions {
  readonly topic: string;
  readonly partition: number;
  /** Directory of this partition; created if missing. */
  readonly directory: string;
  readonly fsync: boolean;
  readonly indexIntervalRecords: number;
  readonly tailCacheBytes: number;
  readonly logger: Logger;
}

/** The first (and so far only) segment; the name carries its base offset, as in Kafka. */
export const SEGMENT_FILE = '00000000000000000000.log';

/**
 * Upper bound of a frame body when scanning. Deliberately not `maxRecordBytes`:
 * lowering that option must never make recovery cut off records written
 * before. A garbage length cannot allocate more than the rest of the file.
 */
const MAX_SCAN_BODY_BYTES = 1 << 30;

const approximateBytes = (record: ConsumedRecord) =>
  FRAME_HEADER_BYTES + 64 + (record.value?.length ?? 0) + (record.key?.length ?? 0) * 2;

export class PartitionLog {
  readonly topic: string;
  readonly partition: number;
  readonly #options: PartitionLogOptions;
  readonly #handle: FileHandle;
  readonly #path: string;
  readonly #sync: CoalescingTask;
  readonly #listeners = new Set<() => void>();
  /** File position of offset `k * indexIntervalRecords` at index `k`. */
  readonly #blockPositions: number[] = [];
  /** Maximum timestamp of all records up to and including block `k` (non-decreasing). */
  readonly #blockMaxTimestamps: number[] = [];
  #cache: ConsumedRecord[] = [];
  #cacheStart = 0;
  #cacheBytes = 0;
  #nextOffset = 0;
  #writePosition = 0;
  #visibleEnd = 0;
  #visiblePosition = 0;
  #writes: Promise<void> = Promise.resolve();
  readonly #reads = new Set<Promise<unknown>>();
  #failure: EmbeddedBusError | undefined;
  #closed = false;

  private constructor(options: PartitionLogOptions, handle: FileHandle, path: string) {
    this.topic = options.topic;
    this.partition = options.partition;
    this.#options = options;
    this.#handle = handle;
    this.#path = path;
    this.#sync = new CoalescingTask(() => this.#handle.sync());
  }

  /** Opens (or creates) the partition and recovers it: a torn or corrupt tail is truncated. */
  static async open(options: PartitionLogOptions): Promise<PartitionLog> {
    const path = join(options.directory, SEGMENT_FILE);
    const context = { topic: options.topic, partition: options.partition, path, operation: 'open' };
    try {
      await mkdir(options.directory, { recursive: true });
      const handle = await open(path, constants.O_RDWR | constants.O_CREAT);
      const log = new PartitionLog(options, handle, path);
      try {
        await log.#recover();
      } catch (error) {
        await handle.close();
        throw error;
      }
      return log;
    } catch (error) {
      throw storageError(error, `could not open partition ${options.partition} of topic "${options.topic}"`, context);
    }
  }

  /** Offset the next visible record will get: the log end offset consumers see. */
  get endOffset(): number {
    return this.#visibleEnd;
  }

  async #recover(): Promise<void> {
    const { size } = await this.#handle.stat();
    const scan = scanFrames(this.#handle, 0, size, MAX_SCAN_BODY_BYTES);
    let end: ScanEnd;
    for (;;) {
      const step = await scan.next();
      if (step.done) {
        end = step.value;
        break;
      }
      const { record, position } = step.value;
      if (record.offset !== this.#nextOffset) {
        end = { kind: 'torn', position, reason: `offset ${record.offset} where ${this.#nextOffset} was expected` };
        break;
      }
      this.#index(record.offset, position, record.timestampMs);
      this.#nextOffset += 1;
    }
    if (end.kind === 'torn') {
      this.#options.logger.warn(
        { topic: this.topic, partition: this.partition, path: this.#path, truncatedBytes: size - end.position, reason: end.reason, nextOffset: this.#nextOffset },
        'truncating a torn or corrupt tail of the embedded log',
      );
      await this.#handle.truncate(end.position);
      if (this.#options.fsync) await this.#handle.sync();
    }
    this.#writePosition = end.position;
    this.#visiblePosition = end.position;
    this.#visibleEnd = this.#nextOffset;
    this.#cacheStart = this.#nextOffset;
  }

  #index(offset: number, position: number, timestampMs: number): void {
    const interval = this.#options.indexIntervalRecords;
    const block = Math.floor(offset / interval);
    if (offset % interval === 0) {
      this.#blockPositions.push(position);
      this.#blockMaxTimestamps.push(Math.max(timestampMs, this.#blockMaxTimestamps.at(-1) ?? -Infinity));
    } else if (timestampMs > this.#blockMaxTimestamps[block]!) {
      this.#blockMaxTimestamps[block] = timestampMs;
    }
  }

  /**
   * Appends records in order and resolves with the first one's offset once
   * they are durable per the fsync policy (and visible to readers).
   */
  append(records: readonly AppendRecord[]): Promise<number> {
    if (this.#closed) return Promise.reject(closedError('append'));
    if (this.#failure) return Promise.reject(this.#failure);
    const baseOffset = this.#nextOffset;
    const frames: Buffer[] = [];
    const consumed: ConsumedRecord[] = [];
    let position = this.#writePosition;
    records.forEach((record, i) => {
      const offset = baseOffset + i;
      const frame = encodeFrame({ offset, ...record });
      this.#index(offset, position, record.timestampMs);
      position += frame.length;
      frames.push(frame);
      consumed.push({ topic: this.topic, partition: this.partition, offset, ...record });
    });
    const data = Buffer.concat(frames);
    const writeAt = this.#writePosition;
    this.#nextOffset += records.length;
    this.#writePosition = position;

    const written = this.#writes.then(() => this.#write(data, writeAt));
    this.#writes = written.catch(() => undefined);
    return written
      .then(() => (this.#options.fsync ? this.#sync.request() : undefined))
      .then(
        () => {
          this.#publish(consumed, position);
          return baseOffset;
        },
        (error: unknown) => {
          throw this.#fail(error);
        },
      );
  }

  async #write(data: Buffer, position: number): Promise<void> {
    if (this.#failure) throw this.#failure;
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await this.#handle.write(data, written, data.length - written, position + written);
      written += bytesWritten;
    }
  }

  /** A failed write leaves the file in an unknown state: refuse further appends; reopening recovers. */
  #fail(error: unknown): EmbeddedBusError {
    this.#failure ??= storageError(error, `appending to partition ${this.partition} of topic "${this.topic}" failed`, {
      topic: this.topic,
      partition: this.partition,
      path: this.#path,
      operation: 'append',
    });
    this.#options.logger.error({ err: this.#failure, topic: this.topic, partition: this.partition }, 'embedded log append failed');
    return this.#failure;
  }

  #publish(records: readonly ConsumedRecord[], endPosition: number): void {
    const first = records[0];
    if (first === undefined) return;
    if (first.offset === this.#visibleEnd && this.#cacheStart + this.#cache.length === this.#visibleEnd) {
      for (const record of records) {
        this.#cache.push(record);
        this.#cacheBytes += approximateBytes(record);
      }
      this.#trimCache();
    } else {
      // Out of order (never expected): drop the cache rather than let it lie.
      this.#cache = [];
      this.#cacheBytes = 0;
      this.#cacheStart = first.offset + records.length;
    }
    this.#visibleEnd = Math.max(this.#visibleEnd, first.offset + records.length);
    this.#visiblePosition = Math.max(this.#visiblePosition, endPosition);
    for (const listener of this.#listeners) listener();
  }

  #trimCache(): void {
    let drop = 0;
    while (this.#cacheBytes > this.#options.tailCacheBytes && drop < this.#cache.length) {
      this.#cacheBytes -= approximateBytes(this.#cache[drop]!);
      drop += 1;
    }
    if (drop > 0) {
      this.#cache = this.#cache.slice(drop);
      this.#cacheStart += drop;
    }
  }

  /** Calls `listener` after every append becomes visible; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Visible records from `fromOffset`, at most `maxRecords` and about
   * `maxBytes` (always at least one record when there is one).
   */
  read(fromOffset: number, maxRecords: number, maxBytes: number): Promise<ConsumedRecord[]> {
    if (this.#closed) return Promise.resolve([]);
    const end = Math.min(this.#visibleEnd, fromOffset + maxRecords);
    if (fromOffset >= end) return Promise.resolve([]);
    if (fromOffset >= this.#cacheStart) {
      return Promise.resolve(this.#cache.slice(fromOffset - this.#cacheStart, end - this.#cacheStart));
    }
    return this.#track(this.#readFile(fromOffset, end, maxBytes));
  }

  async #readFile(fromOffset: number, endOffset: number, maxBytes: number): Promise<ConsumedRecord[]> {
    const block = Math.floor(fromOffset / this.#options.indexIntervalRecords);
    const records: ConsumedRecord[] = [];
    let bytes = 0;
    const scan = scanFrames(this.#handle, this.#blockPositions[block]!, this.#visiblePosition, MAX_SCAN_BODY_BYTES);
    try {
      for await (const { record, frameBytes } of scan) {
        if (record.offset < fromOffset) continue;
        if (record.offset >= endOffset || (records.length > 0 && bytes + frameBytes > maxBytes)) break;
        records.push({ topic: this.topic, partition: this.partition, ...record });
        bytes += frameBytes;
      }
    } catch (error) {
      throw storageError(error, `reading partition ${this.partition} of topic "${this.topic}" failed`, {
        topic: this.topic,
        partition: this.partition,
        offset: fromOffset,
        path: this.#path,
        operation: 'read',
      });
    }
    return records;
  }

  /** First visible offset whose timestamp is ≥ `timestampMs`; the log end when there is none. */
  offsetForTimestamp(timestampMs: number): Promise<number> {
    const maxima = this.#blockMaxTimestamps;
    let low = 0;
    let high = maxima.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (maxima[mid]! >= timestampMs) high = mid;
      else low = mid + 1;
    }
    if (low === maxima.length || this.#closed) return Promise.resolve(this.#visibleEnd);
    const start = this.#blockPositions[low]!;
    return this.#track(
      (async () => {
        for await (const { record } of scanFrames(this.#handle, start, this.#visiblePosition, MAX_SCAN_BODY_BYTES)) {
          if (record.timestampMs >= timestampMs) return Math.min(record.offset, this.#visibleEnd);
        }
        return this.#visibleEnd;
      })(),
    );
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#reads.add(promise);
    void promise.finally(() => this.#reads.delete(promise)).catch(() => undefined);
    return promise;
  }

  /** Waits for queued writes and reads, then releases the file. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    await this.#writes;
    await this.#sync.idle();
    await Promise.allSettled([...this.#reads]);
    await this.#handle.close();
  }
}
