/**
 * `Bus.subscribe` on Kafka: one kafkajs consumer per subscription, handing
 * records to `eachBatch` in chunks and committing through `context.commit`.
 *
 * The consumer runs with `autoCommit: false` and `eachBatchAutoResolve: false`:
 * nothing is committed unless the handler commits. Like a Java consumer, the
 * position moves past records once they were handed over, committed or not; a
 * restart or rebalance resumes from the last commit. When `eachBatch` throws,
 * the error is kept out of kafkajs (its runner would retry the fetch and hand
 * the same batch over again), the consumer is disconnected, and `done`
 * rejects with that very error: the processor owns the retry policy.
 */
import { coPartitionedAssigner } from './co-partitioned-assigner.ts';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import type { BatchContext, OutgoingRecord, RecordBatch, SubscribeOptions, Subscription } from '../port.ts';
import type { ResolvedKafkaBusConfig } from './kafka-config.ts';
import { kafkaClientRetry } from './kafka-config.ts';
import { KafkaBusError, toKafkaBusError } from './kafka-errors.ts';
import { fromKafkaMessage } from './kafka-records.ts';
import { PartitionOwnership, partitionKey } from './partition-ownership.ts';
import { TransactionalProducers } from './transactional-producers.ts';

/** What a subscription borrows from its bus. */
export interface KafkaSubscriptionDeps {
  readonly kafka: Kafka;
  readonly config: ResolvedKafkaBusConfig;
  readonly logger: Logger;
  /** Checks the topics exist (rejects with `VIGIA_BUS_UNKNOWN_TOPIC`). */
  assertTopics(topics: readonly string[]): Promise<void>;
  /** Produces outputs with the bus's idempotent producer (non-transactional commits). */
  produce(records: readonly OutgoingRecord[]): Promise<unknown>;
  /** Resolves output records to kafkajs batches (partitions chosen, topics checked). */
  prepare(records: readonly OutgoingRecord[]): Promise<TopicMessages[]>;
  /** The group's committed offset of one partition, if any. */
  committedOffset(groupId: string, topic: string, partition: number): Promise<number | undefined>;
}

export const defaultMaxBatchRecords = 500;

type State = 'starting' | 'running' | 'stopping' | 'stopped';

export async function subscribeKafka(deps: KafkaSubscriptionDeps, options: SubscribeOptions): Promise<Subscription> {
  const { groupId } = options;
  const maxBatchRecords = options.maxBatchRecords ?? defaultMaxBatchRecords;
  if (!Number.isSafeInteger(maxBatchRecords) || maxBatchRecords < 1) {
    throw new KafkaBusError('VIGIA_BUS_INVALID_ARGUMENT', `maxBatchRecords must be a positive integer, got ${maxBatchRecords}`, {
      groupId,
      retriable: false,
    });
  }
  if (options.topics.length === 0) {
    throw new KafkaBusError('VIGIA_BUS_INVALID_ARGUMENT', 'subscribe needs at least one topic', { groupId, retriable: false });
  }
  await deps.assertTopics(options.topics);

  const log = deps.logger.child({ component: 'kafka-subscription', groupId });
  const consumer: Consumer = deps.kafka.consumer({
    groupId,
    sessionTimeout: deps.config.sessionTimeoutMs,
    heartbeatInterval: deps.config.heartbeatIntervalMs,
    maxWaitTimeInMs: deps.config.maxWaitTimeMs,
    allowAutoTopicCreation: false,
    readUncommitted: false, // read_committed: aborted transactions stay invisible
    partitionAssigners: [coPartitionedAssigner],
    // Connection-level retries stay; a crash ends the subscription instead of restarting the consumer.
    retry: { ...kafkaClientRetry, restartOnFailure: async () => false },
  });
  const transactions =
    options.transactionalId === undefined
      ? undefined
      : new TransactionalProducers({
          kafka: deps.kafka,
          transactionalIdPrefix: options.transactionalId,
          groupId,
          transactionTimeoutMs: deps.config.transactionTimeoutMs,
          logger: log,
        });

  let state: State = 'starting';
  let failure: { readonly error: unknown } | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | undefined;
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {}); // observed by the owner through `done`
  const ownership = new PartitionOwnership({
    // Fence a previous owner before the stage restores state for the partition.
    beforeAssigned: transactions
      ? async (partitions) => {
          await Promise.all(partitions.map(({ topic, partition }) => transactions.fence(topic, partition)));
        }
      : undefined,
    onAssigned: options.onAssigned?.bind(options),
    onRevoked: options.onRevoked?.bind(options),
  });
  /** Partitions whose committed offset was re-read after fencing, in the current assignment (transactional only). */
  const verified = new Set<string>();

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    verified.clear();
    transactions?.retireAll();
    ownership.assign(payload.memberAssignment, () => inFlight).catch((error: unknown) => fail(error));
    log.info({ assignment: payload.memberAssignment, memberId: payload.memberId }, 'joined group');
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    fail(toKafkaBusError(payload.error, 'VIGIA_BUS_CONSUMER_CRASHED', 'the Kafka consumer crashed', { groupId }));
  });

  function fail(error: unknown): void {
    if (failure) return;
    failure = { error };
    log.error({ err: error }, 'subscription failed');
    void stop();
  }

  function stop(): Promise<void> {
    stopping ??= (async () => {
      if (state !== 'stopped') state = 'stopping';
      // The batch in flight finishes (and may commit) while kafkajs still runs;
      // batches fetched meanwhile are skipped and fetched again by the next owner.
      await inFlight;
      if (!failure) {
        // A failed subscription skips onRevoked: the handler's state is suspect.
        await ownership.releaseAll().catch((error: unknown) => {
          failure ??= { error };
          log.error({ err: error }, 'onRevoked failed');
        });
      }
      try {
        await consumer.disconnect(); // leaves the group
      } catch (error) {
        log.warn({ err: error }, 'disconnecting the consumer failed');
      }
      await transactions?.close();
      state = 'stopped';
      if (failure) settle.reject(failure.error);
      else settle.resolve();
      log.info('subscription stopped');
    })();
    return stopping;
  }

  const isActive = (payload: EachBatchPayload) =>
    state === 'running' && failure === undefined && payload.isRunning() && !payload.isStale() && ownership.owns(payload.batch.topic, payload.batch.partition);

  /**
   * First batch of a partition in this assignment, transactional only: make
   * sure its transactional id is ours (fencing a previous owner still alive;
   * usually done already before `onAssigned`), then re-read the committed
   * offset, since that owner may have committed after kafkajs chose our fetch
   * position. Returns the records still to handle.
   */
  async function takeOver(payload: EachBatchPayload, key: string, messages: KafkaMessage[]): Promise<KafkaMessage[]> {
    if (!transactions || verified.has(key)) return messages;
    const { topic, partition } = payload.batch;
    const epoch = ownership.epoch;
    await transactions.fence(topic, partition);
    const committed = await deps.committedOffset(groupId, topic, partition);
    if (epoch === ownership.epoch) verified.add(key);
    if (committed === undefined) return messages;
    const remaining = messages.filter((message) => Number(message.offset) >= committed);
    if (remaining.length < messages.length) {
      log.info({ topic, partition, committed }, 'skipping records a previous owner already committed');
      if (remaining.length === 0) payload.resolveOffset(String(committed - 1));
    }
    return remaining;
  }

  function contextFor(payload: EachBatchPayload, lastVisibleOffset: number): BatchContext {
    const { topic, partition } = payload.batch;
    // Offsets after the last visible record (transaction markers, aborted
    // records) are never delivered; committing past them when the handler is
    // done with the batch keeps the group's lag at zero, as Java's position does.
    const batchEnd = Number(payload.batch.lastOffset()) + 1;
    return {
      async commit(records, nextOffset) {
        const where = { topic, partition, offset: nextOffset, groupId };
        if (!Number.isSafeInteger(nextOffset) || nextOffset < 0) {
          throw new KafkaBusError('VIGIA_BUS_INVALID_ARGUMENT', `nextOffset must be an integer ≥ 0, got ${nextOffset}`, {
            ...where,
            retriable: false,
          });
        }
        if (failure !== undefined || state === 'stopped') {
          throw new KafkaBusError('VIGIA_BUS_COMMIT_FAILED', 'the subscription has ended', { ...where, retriable: false });
        }
        const offset = nextOffset === lastVisibleOffset + 1 ? Math.max(nextOffset, batchEnd) : nextOffset;
        if (transactions) {
          const topicMessages = await deps.prepare(records);
          await transactions.commit(topic, partition, topicMessages, offset);
          return;
        }
        if (records.length > 0) await deps.produce(records);
        if (!payload.isRunning()) {
          // kafkajs silently skips commits of a consumer that is no longer running.
          throw new KafkaBusError('VIGIA_BUS_COMMIT_FAILED', 'the consumer stopped before the offset was committed', {
            ...where,
            retriable: false,
          });
        }
        try {
          await consumer.commitOffsets([{ topic, partition, offset: String(offset) }]);
        } catch (error) {
          throw toKafkaBusError(error, 'VIGIA_BUS_COMMIT_FAILED', 'committing the offset failed', where);
        }
      },
      heartbeat: () => payload.heartbeat(),
      isActive: () => isActive(payload),
    };
  }

  async function handle(payload: EachBatchPayload): Promise<void> {
    const { topic, partition } = payload.batch;
    const key = partitionKey(topic, partition);
    let messages: KafkaMessage[];
    try {
      messages = await takeOver(payload, key, payload.batch.messages);
    } catch (error) {
      fail(toKafkaBusError(error, 'VIGIA_BUS_SUBSCRIBE_FAILED', 'taking over the partition failed', { topic, partition, groupId }));
      return;
    }
    const lastVisibleOffset = Number(payload.batch.messages.at(-1)?.offset ?? -1);
    const highWatermark = Number(payload.batch.highWatermark);
    for (let start = 0; start < messages.length; start += maxBatchRecords) {
      if (!isActive(payload)) return;
      const records = messages.slice(start, start + maxBatchRecords).map((m) => fromKafkaMessage(topic, partition, m));
      const batch: RecordBatch = { topic, partition, records, highWatermark };
      try {
        await options.eachBatch(batch, contextFor(payload, lastVisibleOffset));
      } catch (error) {
        fail(error); // the handler's own error, unwrapped: `done` rejects with it
        return;
      }
      payload.resolveOffset(String(records.at(-1)!.offset));
    }
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    await ownership.settled(); // onAssigned precedes any batch of a new partition
    if (state !== 'running' || failure !== undefined) return; // not resolved: fetched again later
    // Fetched before a rebalance took the partition away: its new owner reads it.
    if (!ownership.owns(payload.batch.topic, payload.batch.partition)) return;
    const run = handle(payload);
    inFlight = run;
    await run;
  }

  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: (options.startFrom ?? 'earliest') === 'earliest' });
    state = 'running'; // batches may arrive before `run` returns
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 1, eachBatch });
  } catch (error) {
    fail(toKafkaBusError(error, 'VIGIA_BUS_SUBSCRIBE_FAILED', 'subscribing failed', { groupId }));
  }
  if (failure) {
    // kafkajs reports a failed join as a crash, after which `run` still resolves.
    await stop().catch(() => {});
    throw toKafkaBusError(failure.error, 'VIGIA_BUS_SUBSCRIBE_FAILED', 'subscribing failed', { groupId });
  }
  log.info({ topics: options.topics, transactional: transactions !== undefined }, 'subscribed');
  return { stop, done };
}
