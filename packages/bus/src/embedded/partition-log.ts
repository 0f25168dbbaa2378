/**
 * One topic-partition of the embedded log: its rows in the `records` table of
 * the log database, its committed end offset, and the consumers waiting for it.
 *
 * Offsets are assigned inside the write transaction, in the order the writes
 * were queued, so concurrent appends keep call order. A record becomes
 * visible to readers (`endOffset`) only once its transaction has committed —
 * Kafka's `read_committed` and high watermark in one: nothing a crash could
 * still take back is ever read.
 *
 * Each row carries a CRC32 of its key, value and headers. SQLite checks its
 * own structure but not the bytes of a value, so a flipped bit inside a record
 * would otherwise be delivered as data; here it stops the log with an error
 * naming the file, partition and offset instead.
 */
import type { StatementSync } from 'node:sqlite';
import { crc32 } from 'node:zlib';
import type { ConsumedRecord, RecordHeaders } from '../port.ts';
import { EmbeddedBusError } from './embedded-errors.ts';
import type { LogDatabase, WriteContext } from './log-database.ts';

/** A validated record ready to append (timestamp already chosen). */
export interface AppendRecord {
  readonly key: string | null;
  readonly value: Uint8Array | null;
  readonly headers: RecordHeaders;
  readonly timestampMs: number;
}

/** A row of `SELECT_RANGE`, as an array: offset, timestamp_ms, key, value, headers, crc. */
type RecordRowArray = [offset: number, timestampMs: number, key: string | null, value: Uint8Array | null, headers: string, crc: number];

/** Rows the first query of a read asks for, before it knows the partition's record size. */
const firstQueryRows = 16;

const INSERT = 'INSERT INTO records (topic, partition, offset, timestamp_ms, key, value, headers, crc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
const SELECT_RANGE =
  'SELECT offset, timestamp_ms, key, value, headers, crc FROM records WHERE topic = ? AND partition = ? AND offset >= ? AND offset < ? ORDER BY offset';
const SELECT_END = 'SELECT max(offset) AS last FROM records WHERE topic = ? AND partition = ?';
const SELECT_BY_TIME = 'SELECT offset FROM records WHERE topic = ? AND partition = ? AND offset < ? AND timestamp_ms >= ? ORDER BY offset LIMIT 1';

/** Per-record overhead counted towards `maxBatchBytes`, about Kafka's record header. */
export const RECORD_OVERHEAD_BYTES = 32;

function checksum(key: string | null, value: Uint8Array | null, headers: string): number {
  let crc = crc32(key === null ? '\u0000' : `k${key}`);
  crc = crc32(value ?? new Uint8Array(0), crc);
  crc = crc32(value === null ? '\u0000' : '\u0001', crc);
  return crc32(headers, crc);
}

/**
 * A record read from the log. Its headers are parsed when first asked for: a
 * stage restoring 10⁶ state records never looks at their CloudEvents headers,
 * and parsing them eagerly cost it more than a second (the CRC still covers them).
 */
class LogRecord implements ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestampMs: number;
  readonly key: string | null;
  readonly value: Uint8Array | null;
  #headersJson: string;
  #headers: RecordHeaders | undefined;

  constructor(topic: string, partition: number, row: RecordRowArray) {
    this.topic = topic;
    this.partition = partition;
    [this.offset, this.timestampMs, this.key, this.value, this.#headersJson] = row;
  }

  get headers(): RecordHeaders {
    // JSON.parse defines "__proto__" as an own property, so such a header stays a header.
    this.#headers ??= Object.freeze(JSON.parse(this.#headersJson) as Record<string, string>);
    return this.#headers;
  }
}

export class PartitionLog {
  readonly topic: string;
  readonly partition: number;
  readonly #db: LogDatabase;
  readonly #listeners = new Set<() => void>();
  /** Committed end: what readers see. */
  #endOffset: number;
  /** End including writes of the transaction being built. */
  #pendingEnd: number;
  /** `SELECT_RANGE`, returning rows as arrays (`RecordRowArray`). */
  readonly #selectRange: StatementSync;

  constructor(db: LogDatabase, topic: string, partition: number) {
    this.#db = db;
    this.topic = topic;
    this.partition = partition;
    const row = db.read('open', { topic, partition }, () => db.statement(SELECT_END).get(topic, partition)) as { last: number | null } | undefined;
    this.#endOffset = (row?.last ?? -1) + 1;
    this.#pendingEnd = this.#endOffset;
    this.#selectRange = db.statement(SELECT_RANGE);
    this.#selectRange.setReturnArrays(true);
  }

  /** Offset the next visible record will get: the log end offset consumers see. */
  get endOffset(): number {
    return this.#endOffset;
  }

  /**
   * Inside a write transaction: inserts `records` after everything queued
   * before and returns the first one's offset. They become visible when the
   * transaction commits.
   */
  appendIn(context: WriteContext, records: readonly AppendRecord[]): number {
    const baseOffset = this.#pendingEnd;
    context.onRollback(() => {
      this.#pendingEnd = baseOffset;
    });
    records.forEach((record, i) => {
      const headers = JSON.stringify(record.headers);
      context.run(
        INSERT,
        this.topic,
        this.partition,
        baseOffset + i,
        record.timestampMs,
        record.key,
        record.value,
        headers,
        checksum(record.key, record.value, headers),
      );
    });
    this.#pendingEnd = baseOffset + records.length;
    const end = this.#pendingEnd;
    context.afterCommit(() => {
      if (end <= this.#endOffset) return;
      this.#endOffset = end;
      for (const listener of this.#listeners) listener();
    });
    return baseOffset;
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
    const end = Math.min(this.#endOffset, fromOffset + maxRecords);
    if (fromOffset >= end) return Promise.resolve([]);
    const context = { topic: this.topic, partition: this.partition, offset: fromOffset };
    try {
      return Promise.resolve(this.#db.read('read', context, () => this.#readRows(fromOffset, end, maxBytes)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #readRows(fromOffset: number, endOffset: number, maxBytes: number): ConsumedRecord[] {
    const records: ConsumedRecord[] = [];
    let bytes = 0;
    let next = fromOffset;
    const select = this.#selectRange;
    // `all()` over a few rows at a time costs a third less than stepping an iterator row by row; each
    // query after the first asks for as many rows as the byte budget has room for at the average size so far.
    let rowsPerQuery = firstQueryRows;
    while (next < endOffset) {
      const rows = select.all(this.topic, this.partition, next, Math.min(endOffset, next + rowsPerQuery)) as unknown as RecordRowArray[];
      if (rows.length === 0) break;
      for (const row of rows) {
        const size = RECORD_OVERHEAD_BYTES + (row[3]?.length ?? 0) + (row[2]?.length ?? 0) + row[4].length;
        if (records.length > 0 && bytes + size > maxBytes) return records;
        records.push(this.#toRecord(row, next));
        next += 1;
        bytes += size;
      }
      rowsPerQuery = Math.max(1, Math.floor((maxBytes - bytes) / (bytes / records.length)));
    }
    return records;
  }

  #toRecord(row: RecordRowArray, expectedOffset: number): ConsumedRecord {
    const [offset, , key, value, headers, crc] = row;
    if (offset !== expectedOffset || checksum(key, value, headers) !== crc) {
      const problem = offset !== expectedOffset ? `offset ${offset} where ${expectedOffset} was expected` : 'CRC mismatch';
      const error = new EmbeddedBusError(
        'VIGIA_BUS_LOG_CORRUPT',
        `record ${expectedOffset} of partition ${this.partition} of "${this.topic}" in ${this.#db.path} is damaged (${problem}); the log stops rather than skip or delete it`,
        { topic: this.topic, partition: this.partition, offset: expectedOffset, path: this.#db.path, operation: 'read' },
      );
      throw this.#db.fail(error);
    }
    return new LogRecord(this.topic, this.partition, row);
  }

  /**
   * First visible offset whose timestamp is ≥ `timestampMs`; the log end when
   * there is none. Timestamps need not grow with offsets (Kafka's CreateTime),
   * so this walks the partition in offset order: a replay-time lookup, not a hot path.
   */
  offsetForTimestamp(timestampMs: number): Promise<number> {
    const context = { topic: this.topic, partition: this.partition };
    try {
      const row = this.#db.read('offsetsForTimestamp', context, () =>
        this.#db.statement(SELECT_BY_TIME).get(this.topic, this.partition, this.#endOffset, timestampMs),
      ) as { offset: number } | undefined;
      return Promise.resolve(row?.offset ?? this.#endOffset);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Forgets the listeners (the topic was deleted or the bus closed). */
  close(): void {
    this.#listeners.clear();
  }
}
