import type { TopicMessages } from 'kafkajs';
import type { OutgoingRecord } from '../port.ts';

/**
 * Bytes of records sent in one produce request. kafkajs puts all of one
 * partition's records of a send into one record batch, and the broker refuses
 * a batch over `message.max.bytes` (1 MiB by default) with RECORD_TOO_LARGE —
 * which a stage emitting many indicators per batch reached. Half the default
 * leaves room for headers and batch overhead.
 */
export const maxRequestRecordBytes = 512 * 1024;

/** Kafka's per-record overhead (length, attributes, deltas, header counts), rounded up. */
const recordOverheadBytes = 32;

/** Approximate encoded size of one record. */
export function recordBytes(key: string | null, value: Uint8Array | string | null, headers: Readonly<Record<string, unknown>> | undefined): number {
  let bytes =
    recordOverheadBytes +
    (key === null ? 0 : Buffer.byteLength(key)) +
    (value === null ? 0 : typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength);
  for (const [name, header] of Object.entries(headers ?? {})) {
    bytes += Buffer.byteLength(name) + (typeof header === 'string' ? Buffer.byteLength(header) : header instanceof Uint8Array ? header.byteLength : 0);
  }
  return bytes;
}

/**
 * Splits items into consecutive runs of at most `maxBytes` (an item larger
 * than that travels alone). Sent one after another, the runs keep every
 * partition's order.
 */
export function chunkBySize<T>(items: readonly T[], sizeOf: (item: T) => number, maxBytes = maxRequestRecordBytes): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const item of items) {
    const bytes = sizeOf(item);
    if (current.length > 0 && currentBytes + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(item);
    currentBytes += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export const outgoingRecordBytes = (record: OutgoingRecord): number => recordBytes(record.key, record.value, record.headers);

/** `chunkBySize` for kafkajs topic messages, regrouped per topic within each chunk. */
export function chunkTopicMessages(topicMessages: readonly TopicMessages[], maxBytes = maxRequestRecordBytes): TopicMessages[][] {
  const flat = topicMessages.flatMap(({ topic, messages }) => messages.map((message) => ({ topic, message })));
  const sizeOf = ({ message }: (typeof flat)[number]) =>
    recordBytes(message.key === undefined || message.key === null ? null : String(message.key), message.value ?? null, message.headers);
  return chunkBySize(flat, sizeOf, maxBytes).map((chunk) => {
    const byTopic = new Map<string, TopicMessages['messages']>();
    for (const { topic, message } of chunk) byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
    return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
  });
}
