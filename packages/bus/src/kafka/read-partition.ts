/**
 * `Bus.readPartition` on Kafka: one partition, from an offset to a bound
 * fixed when the read starts, committed records only (read_committed).
 *
 * kafkajs has no group-less consumer in its public API, so the read runs a
 * consumer in a throwaway group (`<clientId>-read-<uuid>`) that never commits
 * (the broker forgets such a group once it is empty), pauses the topic's other
 * partitions and seeks to the start. Its first join pays the broker's
 * `group.initial.rebalance.delay.ms` (3 s by default; 0 on the test broker).
 * Chunks are handed over one at a time: kafkajs fetches on only as fast as
 * the caller iterates.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ConsumedRecord, ReadPartitionOptions } from '../port.ts';
import { kafkaClientRetry, type ResolvedKafkaBusConfig } from './kafka-config.ts';
import { KafkaBusError, toKafkaBusError } from './kafka-errors.ts';
import { fromKafkaMessage } from './kafka-records.ts';
import type { TopicCatalog } from './topic-catalog.ts';

export interface ReadPartitionDeps {
  readonly kafka: Kafka;
  readonly admin: () => Promise<Admin>;
  readonly catalog: TopicCatalog;
  readonly config: ResolvedKafkaBusConfig;
  readonly assertOpen: () => void;
  /** Readers still open; the bus closes them when it closes. */
  readonly readers: Set<{ close(): Promise<void> }>;
  readonly maxChunkRecords?: number;
}

interface Range {
  readonly topic: string;
  readonly partition: number;
  readonly fromOffset: number;
  /** Exclusive, at most the log end when the read started. */
  readonly untilOffset: number;
}

/** Checks the request and fixes its range against the partition's current bounds. */
async function resolveRange(deps: ReadPartitionDeps, topic: string, partition: number, options: ReadPartitionOptions): Promise<Range> {
  const context = { topic, partition, operation: 'readPartition' };
  const counts = await deps.catalog.partitionCounts([topic]);
  if (!Number.isInteger(partition) || partition < 0 || partition >= counts.get(topic)!) {
    throw new KafkaBusError('VIGIA_BUS_UNKNOWN_PARTITION', `topic ${topic} has no partition ${partition}`, { ...context, retriable: false });
  }
  let bounds: { low: number; high: number };
  try {
    const offsets = await (await deps.admin()).fetchTopicOffsets(topic);
    const entry = offsets.find((p) => p.partition === partition);
    bounds = { low: Number(entry?.low ?? 0), high: Number(entry?.high ?? 0) };
  } catch (error) {
    throw toKafkaBusError(error, 'VIGIA_BUS_ADMIN_FAILED', 'reading the partition bounds failed', context);
  }
  const fromOffset = options.fromOffset ?? bounds.low;
  for (const [name, value] of [
    ['fromOffset', fromOffset],
    ['untilOffset', options.untilOffset ?? 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new KafkaBusError('VIGIA_BUS_INVALID_ARGUMENT', `${name} must be an integer ≥ 0, got ${value}`, { ...context, retriable: false });
    }
  }
  if (fromOffset > bounds.high) {
    throw new KafkaBusError(
      'VIGIA_BUS_OFFSET_OUT_OF_RANGE',
      `cannot read from offset ${fromOffset}: partition ${partition} of ${topic} holds ${bounds.low}..${bounds.high}`,
      { ...context, offset: fromOffset, retriable: false },
    );
  }
  // Records before the log start were deleted by retention: start at the first one left.
  return { topic, partition, fromOffset: Math.max(fromOffset, bounds.low), untilOffset: Math.min(options.untilOffset ?? bounds.high, bounds.high) };
}

export async function* readKafkaPartition(
  deps: ReadPartitionDeps,
  topic: string,
  partition: number,
  options: ReadPartitionOptions = {},
): AsyncGenerator<readonly ConsumedRecord[]> {
  deps.assertOpen();
  const range = await resolveRange(deps, topic, partition, options);
  if (range.fromOffset >= range.untilOffset) return;
  const reader = new PartitionReader(deps, range);
  deps.readers.add(reader);
  try {
    await reader.start();
    for (let chunk = await reader.next(); chunk !== undefined; chunk = await reader.next()) {
      deps.assertOpen();
      yield chunk;
    }
  } finally {
    deps.readers.delete(reader);
    await reader.close();
  }
}

/** Turns the consumer's pushed batches into chunks pulled one at a time. */
class PartitionReader {
  readonly #range: Range;
  readonly #consumer: Consumer;
  readonly #maxChunkRecords: number;
  #offered: { readonly chunk: readonly ConsumedRecord[]; readonly taken: () => void } | undefined;
  #wake: (() => void) | undefined;
  #ended = false;
  #closed = false;
  #failure: { readonly error: unknown } | undefined;

  constructor(deps: ReadPartitionDeps, range: Range) {
    this.#range = range;
    this.#maxChunkRecords = deps.maxChunkRecords ?? 500;
    this.#consumer = deps.kafka.consumer({
      groupId: `${deps.config.clientId}-read-${randomUUID()}`,
      maxWaitTimeInMs: deps.config.maxWaitTimeMs,
      sessionTimeout: deps.config.sessionTimeoutMs,
      heartbeatInterval: deps.config.heartbeatIntervalMs,
      allowAutoTopicCreation: false,
      readUncommitted: false,
      retry: { ...kafkaClientRetry, restartOnFailure: async () => false },
    });
  }

  async start(): Promise<void> {
    const { topic, partition, untilOffset } = this.#range;
    const consumer = this.#consumer;
    // Every batch ends with this event, including those kafkajs does not hand
    // over because only transaction markers or aborted records were in them.
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (payload.topic === topic && payload.partition === partition && Number(payload.lastOffset) + 1 >= untilOffset) this.#end();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.#failure ??= { error: toKafkaBusError(payload.error, 'VIGIA_BUS_CONSUMER_CRASHED', 'reading the partition failed', { topic, partition }) };
      this.#end();
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const running = consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.#onBatch(payload) });
      // `run` sets up the group state synchronously, so these precede the first fetch.
      const others = Array.from({ length: partition }, (_, i) => i);
      if (others.length > 0) consumer.pause([{ topic, partitions: others }]);
      consumer.seek({ topic, partition, offset: String(this.#range.fromOffset) });
      await running;
    } catch (error) {
      throw toKafkaBusError(error, 'VIGIA_BUS_SUBSCRIBE_FAILED', 'starting the partition reader failed', { topic, partition });
    }
  }

  /** The next chunk, or `undefined` once the range is read. */
  async next(): Promise<readonly ConsumedRecord[] | undefined> {
    while (this.#offered === undefined && !this.#ended) await new Promise<void>((resolve) => (this.#wake = resolve));
    if (this.#failure) throw this.#failure.error;
    const offered = this.#offered;
    if (offered === undefined) return undefined;
    this.#offered = undefined;
    offered.taken();
    return offered.chunk;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#offered?.taken(); // a batch waiting for a taker must return, or disconnect would wait for it
    this.#offered = undefined;
    this.#end();
    await this.#consumer.disconnect().catch(() => {});
  }

  #end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  async #onBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition, untilOffset } = this.#range;
    if (payload.batch.topic !== topic || payload.batch.partition !== partition) return;
    const messages = payload.batch.messages.filter((m) => Number(m.offset) < untilOffset);
    for (let start = 0; start < messages.length && !this.#closed; start += this.#maxChunkRecords) {
      const chunk = messages.slice(start, start + this.#maxChunkRecords).map((m) => fromKafkaMessage(topic, partition, m));
      await new Promise<void>((taken) => {
        this.#offered = { chunk, taken };
        this.#wake?.();
      });
    }
    const last = payload.batch.messages.at(-1);
    if (last !== undefined && !this.#closed) payload.resolveOffset(last.offset);
  }
}
