/**
 * One transactional producer per input partition, for consume-transform-produce
 * commits that are exactly-once.
 *
 * Zombie fencing. A stalled instance whose partition moved to another member
 * must not commit for it any more. Since KIP-447 Java clients get this from
 * the group generation sent with `TxnOffsetCommit`; kafkajs 2.2.4 sends that
 * request without the group metadata, so the broker cannot tell a zombie from
 * the owner by its group membership. What it can still fence is a
 * transactional id: `InitProducerId` for an id bumps its epoch, aborts the old
 * holder's open transaction and rejects everything the old holder sends from
 * then on. So the id is derived from the input partition —
 * `${prefix}-${topic}-${partition}`, the scheme Kafka Streams used before
 * KIP-447 ("EOS alpha") — and whichever member owns the partition now
 * initialises that id before handling its first batch, fencing whoever held it
 * before. The prefix must therefore be the same on every instance of a stage
 * and differ between stages (the group id is a good choice), and must never
 * contain an instance identity (host name, pod name, random suffix): with
 * per-instance ids two owners of one partition would never fence each other.
 */
import type { Kafka, Producer, TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaTransactionalRetry } from './kafka-config.ts';
import { chunkTopicMessages } from './request-size.ts';
import { KafkaBusError, type KafkaBusErrorContext, toKafkaBusError } from './kafka-errors.ts';

interface Slot {
  readonly transactionalId: string;
  readonly producer: Producer;
  /** Connected and initialised (producer id and epoch obtained: predecessors fenced). */
  readonly ready: Promise<void>;
  /** Transactions of one producer run one at a time. */
  queue: Promise<void>;
  retired: boolean;
}

export interface TransactionalProducersOptions {
  readonly kafka: Kafka;
  readonly transactionalIdPrefix: string;
  readonly groupId: string;
  readonly transactionTimeoutMs: number;
  readonly logger: Logger;
}

/** The transactional id of the producer that commits for one input partition. */
export function transactionalIdFor(prefix: string, topic: string, partition: number): string {
  return `${prefix}-${topic}-${partition}`;
}

export class TransactionalProducers {
  readonly #options: TransactionalProducersOptions;
  #slots = new Map<string, Slot>();
  #retiring = new Set<Promise<void>>();
  #closed = false;

  constructor(options: TransactionalProducersOptions) {
    this.#options = options;
  }

  /**
   * Makes sure the partition's producer is initialised, which fences any
   * earlier holder of its transactional id and completes (aborts) a
   * transaction that holder left open.
   */
  async fence(topic: string, partition: number): Promise<void> {
    await this.#slot(topic, partition).ready;
  }

  /** Sends `topicMessages` and moves the group to `offset` on `topic`/`partition` in one transaction. */
  commit(topic: string, partition: number, topicMessages: TopicMessages[], offset: number): Promise<void> {
    const slot = this.#slot(topic, partition);
    const run = slot.queue.then(() => this.#transact(slot, topic, partition, topicMessages, offset));
    slot.queue = run.catch(() => {});
    return run;
  }

  /**
   * Forgets every producer; the next batch of each partition initialises a
   * new one. Called when the group's assignment changes: a partition kept
   * across a rebalance may have had another owner in between, whose
   * initialisation fenced our producer.
   */
  retireAll(): void {
    for (const slot of this.#slots.values()) this.#retire(slot);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.retireAll();
    await Promise.all(this.#retiring);
  }

  async #transact(slot: Slot, topic: string, partition: number, topicMessages: TopicMessages[], offset: number): Promise<void> {
    const context = { topic, partition, offset, groupId: this.#options.groupId, transactionalId: slot.transactionalId };
    await slot.ready;
    const transaction = await slot.producer.transaction();
    try {
      for (const chunk of chunkTopicMessages(topicMessages)) await transaction.sendBatch({ topicMessages: chunk, acks: -1 });
      await transaction.sendOffsets({
        consumerGroupId: this.#options.groupId,
        topics: [{ topic, partitions: [{ partition, offset: String(offset) }] }],
      });
      await transaction.commit();
    } catch (error) {
      if (transaction.isActive()) {
        await transaction.abort().catch((abortError: unknown) => {
          // The broker aborts it anyway when the transaction times out or the id is initialised again.
          this.#options.logger.warn({ err: abortError, ...context }, 'aborting a failed transaction failed');
        });
      }
      // A failed transaction may leave sequence numbers the broker has seen; a new producer id resets them.
      this.#retire(slot);
      throw toKafkaBusError(error, 'VIGIA_BUS_COMMIT_FAILED', 'transactional commit failed and was aborted', context);
    }
  }

  #slot(topic: string, partition: number): Slot {
    if (this.#closed) throw new KafkaBusError('VIGIA_BUS_CLOSED', 'the bus is closed', { retriable: false });
    const id = `${topic}\u0000${partition}`;
    const existing = this.#slots.get(id);
    if (existing) return existing;
    const transactionalId = transactionalIdFor(this.#options.transactionalIdPrefix, topic, partition);
    const context = { topic, partition, groupId: this.#options.groupId, transactionalId };
    const producer = this.#options.kafka.producer({
      transactionalId,
      // Not `idempotent: true`: that would also fetch a separate, unused
      // non-transactional producer id on connect. Transactional sends are
      // idempotent regardless.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      transactionTimeout: this.#options.transactionTimeoutMs,
      createPartitioner:
        () =>
        ({ message }) =>
          message.partition ?? 0,
      retry: { ...kafkaTransactionalRetry },
    });
    const slot: Slot = {
      transactionalId,
      producer,
      ready: this.#initialise(producer, () => slot, context),
      queue: Promise.resolve(),
      retired: false,
    };
    slot.ready.catch(() => {});
    this.#slots.set(id, slot);
    return slot;
  }

  async #initialise(producer: Producer, slot: () => Slot, context: KafkaBusErrorContext): Promise<void> {
    try {
      await producer.connect();
      // kafkajs initialises the transactional producer id lazily, at the first
      // transaction; an empty transaction forces it now. Aborting one with
      // nothing in it sends no request.
      const transaction = await producer.transaction();
      await transaction.abort();
    } catch (error) {
      this.#retire(slot());
      throw toKafkaBusError(error, 'VIGIA_BUS_COMMIT_FAILED', 'could not initialise the transactional producer', context);
    }
  }

  #retire(slot: Slot): void {
    if (slot.retired) return;
    slot.retired = true;
    for (const [id, current] of this.#slots) if (current === slot) this.#slots.delete(id);
    // Let the transaction in flight (if any) finish before disconnecting.
    const done = Promise.all([slot.queue, slot.ready.catch(() => {})])
      .then(() => slot.producer.disconnect())
      .catch((error: unknown) => this.#options.logger.warn({ err: error }, 'disconnecting a transactional producer failed'))
      .finally(() => this.#retiring.delete(done));
    this.#retiring.add(done);
  }
}
