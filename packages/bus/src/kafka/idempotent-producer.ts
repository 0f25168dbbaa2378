/**
 * The bus's one non-transactional producer: idempotent, acks=all.
 *
 * kafkajs lowers a partition's sequence number again when a send fails, even
 * if the broker did write the batch and only the answer was lost. The next
 * batch would then reuse those sequence numbers and the broker would take it
 * for a retry of the written one — acknowledging it without appending it.
 * Java's producer avoids this by bumping its epoch after such errors
 * (KIP-360); here a producer that saw a failure is retired and the next send
 * gets a new producer id, whose sequences start afresh.
 */
import type { Kafka, Producer, RecordMetadata, TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkaClientRetry } from './kafka-config.ts';
import { KafkaBusError } from './kafka-errors.ts';

interface Slot {
  readonly producer: Producer;
  readonly connected: Promise<void>;
  inFlight: number;
  retired: boolean;
  disconnected: boolean;
}

export class IdempotentProducer {
  readonly #kafka: Kafka;
  readonly #log: Logger;
  #current: Slot | undefined;
  #draining = new Set<Promise<void>>();
  #closed = false;

  constructor(kafka: Kafka, logger: Logger) {
    this.#kafka = kafka;
    this.#log = logger;
  }

  /** Sends one kafkajs batch and returns kafkajs's per-partition answers. */
  async send(topicMessages: TopicMessages[]): Promise<RecordMetadata[]> {
    const slot = this.#slot();
    slot.inFlight += 1;
    try {
      await slot.connected;
      return await slot.producer.sendBatch({ topicMessages, acks: -1 });
    } catch (error) {
      this.#retire(slot);
      throw error;
    } finally {
      slot.inFlight -= 1;
      if (slot.retired && slot.inFlight === 0) this.#disconnect(slot);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#current) this.#retire(this.#current);
    await Promise.all(this.#draining);
  }

  #slot(): Slot {
    if (this.#closed) throw new KafkaBusError('VIGIA_BUS_CLOSED', 'the bus is closed', { retriable: false });
    if (this.#current && !this.#current.retired) return this.#current;
    const producer = this.#kafka.producer({
      idempotent: true,
      allowAutoTopicCreation: false,
      // The bus chooses partitions itself (records carry `partition`); kafkajs
      // only needs a partitioner to be named to stop warning about its default.
      createPartitioner:
        () =>
        ({ message }) =>
          message.partition ?? 0,
      retry: { ...kafkaClientRetry },
    });
    const slot: Slot = { producer, connected: producer.connect(), inFlight: 0, retired: false, disconnected: false };
    slot.connected.catch(() => this.#retire(slot));
    this.#current = slot;
    return slot;
  }

  #retire(slot: Slot): void {
    if (slot.retired) return;
    slot.retired = true;
    if (this.#current === slot) this.#current = undefined;
    if (slot.inFlight === 0) this.#disconnect(slot);
  }

  #disconnect(slot: Slot): void {
    if (slot.disconnected) return;
    slot.disconnected = true;
    const done = slot.producer
      .disconnect()
      .catch((error: unknown) => this.#log.warn({ err: error }, 'disconnecting a retired producer failed'))
      .finally(() => this.#draining.delete(done));
    this.#draining.add(done);
  }
}
