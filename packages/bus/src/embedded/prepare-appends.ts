/**
 * Validates a list of outgoing records completely before anything is written
 * (so a bad record anywhere rejects the whole call and writes nothing), picks
 * each record's partition, and groups them per partition log in input order.
 */
import { partitionForKey } from '../partitioner.ts';
import type { OutgoingRecord, RecordHeaders } from '../port.ts';
import { EmbeddedBusError, unknownTopicError } from './embedded-errors.ts';
import { type AppendRecord, type PartitionLog, RECORD_OVERHEAD_BYTES } from './partition-log.ts';
import type { TopicStore } from './topic-store.ts';

export interface PreparedAppend {
  readonly log: PartitionLog;
  readonly records: AppendRecord[];
  /** Index in the caller's list of each record, to return positions in input order. */
  readonly inputIndexes: number[];
}

export interface PrepareContext {
  readonly topics: TopicStore;
  readonly maxRecordBytes: number;
  readonly nowMs: number;
  readonly operation: string;
  /** Round-robin counters for keyless records without a partition, per topic. */
  readonly keylessCounters: Map<string, number>;
}

/**
 * Size of a record as `maxRecordBytes` counts it: key, value and header bytes
 * plus a fixed overhead, close to Kafka's count for `message.max.bytes`.
 */
export function recordBytes(key: string | null, value: Uint8Array | null, headers: RecordHeaders): number {
  let bytes = RECORD_OVERHEAD_BYTES + (value?.length ?? 0);
  if (key !== null) bytes += Buffer.byteLength(key, 'utf8');
  for (const [name, headerValue] of Object.entries(headers)) {
    bytes += 8 + Buffer.byteLength(name, 'utf8') + Buffer.byteLength(headerValue, 'utf8');
  }
  return bytes;
}

function invalid(message: string, topic: string, operation: string): EmbeddedBusError {
  return new EmbeddedBusError('VIGIA_BUS_INVALID_ARGUMENT', message, { topic, operation });
}

function copyHeaders(headers: RecordHeaders | undefined, topic: string, operation: string): RecordHeaders {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value !== 'string') throw invalid(`header "${name}" must be a string`, topic, operation);
    // Assigning "__proto__" would set the copy's prototype instead of adding a header; defining every header costs 10× an assignment.
    if (name === '__proto__') Object.defineProperty(copy, name, { value, enumerable: true, writable: true, configurable: true });
    else copy[name] = value;
  }
  return Object.freeze(copy);
}

/** Throws the first problem found; returns the appends grouped per partition otherwise. */
export function prepareAppends(records: readonly OutgoingRecord[], context: PrepareContext): PreparedAppend[] {
  const { operation } = context;
  const groups = new Map<PartitionLog, PreparedAppend>();
  records.forEach((record, index) => {
    const topic = context.topics.get(record.topic);
    if (!topic) throw unknownTopicError(record.topic, operation);
    const partitions = topic.metadata.partitions;
    if (record.key !== null && typeof record.key !== 'string') throw invalid('key must be a string or null', record.topic, operation);
    if (record.key === null && topic.metadata.cleanupPolicy === 'compact') {
      // Kafka refuses these too (INVALID_RECORD): compaction keeps one value per key.
      throw invalid(`topic "${record.topic}" is compacted: its records need a key`, record.topic, operation);
    }
    if (record.value !== null && !(record.value instanceof Uint8Array)) {
      throw invalid('value must be a Uint8Array or null', record.topic, operation);
    }
    let partition: number;
    if (record.partition !== undefined) {
      if (!Number.isInteger(record.partition) || record.partition < 0 || record.partition >= partitions) {
        throw new EmbeddedBusError('VIGIA_BUS_UNKNOWN_PARTITION', `topic "${record.topic}" has partitions 0..${partitions - 1}, not ${record.partition}`, {
          topic: record.topic,
          partition: record.partition,
          operation,
        });
      }
      partition = record.partition;
    } else if (record.key !== null) {
      partition = partitionForKey(record.key, partitions);
    } else {
      const turn = context.keylessCounters.get(record.topic) ?? 0;
      context.keylessCounters.set(record.topic, turn + 1);
      partition = turn % partitions;
    }
    const timestampMs = record.timestampMs ?? context.nowMs;
    if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) {
      throw invalid(`timestampMs must be a non-negative integer, got ${timestampMs}`, record.topic, operation);
    }
    const headers = copyHeaders(record.headers, record.topic, operation);
    // A copy: the caller may reuse its buffer once produce() returns.
    const value = record.value === null ? null : new Uint8Array(record.value);
    const bytes = recordBytes(record.key, value, headers);
    if (bytes > context.maxRecordBytes) {
      throw new EmbeddedBusError(
        'VIGIA_BUS_RECORD_TOO_LARGE',
        `a record of ${bytes} bytes exceeds maxRecordBytes (${context.maxRecordBytes}); shrink or split it, or open the log with a larger maxRecordBytes`,
        { topic: record.topic, partition, operation },
      );
    }
    const log = topic.logs[partition]!;
    let group = groups.get(log);
    if (!group) groups.set(log, (group = { log, records: [], inputIndexes: [] }));
    group.records.push({ key: record.key, value, headers, timestampMs });
    group.inputIndexes.push(index);
  });
  return [...groups.values()];
}
