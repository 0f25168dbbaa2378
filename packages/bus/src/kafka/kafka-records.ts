/**
 * Conversions between the port's records and kafkajs messages. Pure: no I/O,
 * so the unit spec pins every edge (null vs empty key, repeated headers,
 * tombstones) without a broker.
 */
import type { IHeaders, KafkaMessage, Message, RecordMetadata, TopicMessages } from 'kafkajs';
import { partitionForKey } from '../partitioner.ts';
import type { ConsumedRecord, OutgoingRecord, RecordHeaders, RecordPosition } from '../port.ts';
import { KafkaBusError } from './kafka-errors.ts';

/** A Buffer view over the same memory: no copy of record values on the way out. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** kafkajs hands header values back as Buffers, or arrays when a name repeats; like Java's `lastHeader`, the last wins. */
export function headersFromKafka(headers: IHeaders | undefined): RecordHeaders {
  const result: Record<string, string> = {};
  if (!headers) return result;
  for (const [name, raw] of Object.entries(headers)) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    if (value === undefined) continue;
    result[name] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return result;
}

export function fromKafkaMessage(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value,
    headers: headersFromKafka(message.headers),
    timestampMs: Number(message.timestamp),
  };
}

/** Refuses what Kafka would refuse later or store wrongly, before anything of a batch is sent. */
export function assertValidRecord(record: OutgoingRecord): void {
  const invalid = (message: string) => new KafkaBusError('VIGIA_BUS_INVALID_ARGUMENT', message, { topic: record.topic, retriable: false });
  if (record.timestampMs !== undefined && (!Number.isSafeInteger(record.timestampMs) || record.timestampMs < 0)) {
    throw invalid(`timestampMs must be an integer ≥ 0 (milliseconds since the epoch), got ${record.timestampMs}`);
  }
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    if (typeof value !== 'string') throw invalid(`header ${name} must be a string, got ${typeof value}`);
  }
}

export function toKafkaMessage(record: OutgoingRecord, partition: number): Message {
  const message: Message = {
    key: record.key,
    value: record.value === null ? null : toBuffer(record.value),
    partition,
  };
  if (record.headers !== undefined) message.headers = { ...record.headers };
  if (record.timestampMs !== undefined) message.timestamp = String(record.timestampMs);
  return message;
}

/**
 * Chooses every record's partition before sending, with the same function the
 * embedded log uses, so positions can be reported in input order and both
 * adapters place a key identically. Keyless records without a partition go
 * round-robin, like Kafka's default partitioner.
 */
export class PartitionChooser {
  #nextKeyless = new Map<string, number>();

  choose(record: OutgoingRecord, partitionCount: number): number {
    if (record.partition !== undefined) {
      if (!Number.isInteger(record.partition) || record.partition < 0 || record.partition >= partitionCount) {
        throw new KafkaBusError(
          'VIGIA_BUS_UNKNOWN_PARTITION',
          `partition ${record.partition} does not exist: topic ${record.topic} has ${partitionCount} partitions`,
          { topic: record.topic, partition: record.partition, retriable: false },
        );
      }
      return record.partition;
    }
    if (record.key !== null) return partitionForKey(record.key, partitionCount);
    const next = this.#nextKeyless.get(record.topic) ?? Math.floor(Math.random() * partitionCount);
    this.#nextKeyless.set(record.topic, next + 1);
    return next % partitionCount;
  }
}

/** Records grouped per topic for one kafkajs `sendBatch`, keeping input order within each partition. */
export function toTopicMessages(records: readonly OutgoingRecord[], partitions: readonly number[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  records.forEach((record, i) => {
    const list = byTopic.get(record.topic) ?? [];
    list.push(toKafkaMessage(record, partitions[i]!));
    byTopic.set(record.topic, list);
  });
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * Each record's offset from kafkajs's per-partition answers: a partition's
 * records are appended as one batch in input order, so the i-th record of a
 * partition sits at `baseOffset + i`.
 */
export function positionsFromMetadata(
  records: readonly OutgoingRecord[],
  partitions: readonly number[],
  metadata: readonly RecordMetadata[],
): RecordPosition[] {
  const base = new Map<string, number>();
  for (const entry of metadata) {
    const offset = entry.baseOffset ?? entry.offset;
    if (offset !== undefined) base.set(`${entry.topicName}\u0000${entry.partition}`, Number(offset));
  }
  const seen = new Map<string, number>();
  return records.map((record, i) => {
    const partition = partitions[i]!;
    const id = `${record.topic}\u0000${partition}`;
    const first = base.get(id);
    if (first === undefined) {
      throw new KafkaBusError('VIGIA_BUS_PRODUCE_FAILED', `the broker did not report an offset for ${record.topic}/${partition}`, {
        topic: record.topic,
        partition,
        retriable: false,
      });
    }
    const index = seen.get(id) ?? 0;
    seen.set(id, index + 1);
    return { topic: record.topic, partition, offset: first + index };
  });
}
