import type { Logger } from 'pino';
import { BusError } from './bus-errors.ts';
import { toDlqRecord } from './dlq-record.ts';
import type { PartitionRestorer } from './partition-restorer.ts';
import type { Bus, BatchContext, RecordBatch, SubscribeOptions, Subscription, TopicPartition } from './port.ts';
import { defaultRetryOptions, withRetry, type RetryOptions } from './retry.ts';
import type { BatchTransform, TransformContext } from './transform.ts';

/**
 * Hooks a service wires to its metrics registry; every one is optional. Counts
 * are reported only once their batch is committed, so a batch that aborts and
 * is delivered again is counted once.
 */
export interface ProcessorMetrics {
  recordsConsumed?(topic: string, partition: number, count: number): void;
  recordsProduced?(count: number): void;
  recordRejected?(reason: string): void;
  batchCommitted?(topic: string, partition: number, durationMs: number): void;
  /** Records of the partition not yet processed after this batch. */
  lag?(topic: string, partition: number, records: number): void;
  retried?(operation: 'transform' | 'commit'): void;
}

export interface ProcessorOptions {
  /** Stage name: used in logs and as the DLQ record's `stage`. */
  readonly name: string;
  readonly groupId: string;
  readonly inputTopics: readonly string[];
  readonly dlqTopic: string;
  readonly transform: BatchTransform;
  readonly logger: Logger;
  /** Makes every batch one Kafka transaction (exactly-once); see `SubscribeOptions.transactionalId`. */
  readonly transactionalId?: string;
  readonly maxBatchRecords?: number;
  readonly startFrom?: 'earliest' | 'latest';
  readonly retry?: RetryOptions;
  readonly metrics?: ProcessorMetrics;
  /**
   * Called when a batch's outputs could not be committed. Stateful stages roll
   * back what the batch changed in memory; the records will be delivered again.
   */
  onBatchAborted?(context: TransformContext): void;
  /**
   * Called once a batch's outputs, DLQ records and offsets are committed:
   * what the batch changed in memory is final from here on.
   */
  onBatchCommitted?(context: TransformContext): void;
  /**
   * State kept per input partition number: restored when the partition is
   * assigned, before its first batch, and dropped when it is revoked.
   */
  readonly partitionState?: PartitionRestorer;
  /** Clock for DLQ timestamps; replaceable so tests are deterministic. */
  readonly now?: () => Date;
}

export type ProcessorState = 'created' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface Processor {
  readonly state: ProcessorState;
  start(): Promise<void>;
  /** Finishes the batch in flight, commits it, leaves the group. Idempotent. */
  stop(): Promise<void>;
  /** Settles when the processor stops; rejects when it failed. */
  readonly done: Promise<void>;
}

/**
 * The one consume-transform-produce loop every stage runs: it hands batches to
 * the transform, routes rejections to the DLQ, and commits outputs, DLQ
 * records and the consumer position together (a transaction on Kafka), with
 * retries and backoff for retriable failures.
 */
export function createProcessor(bus: Bus, options: ProcessorOptions): Processor {
  const log = options.logger.child({ stage: options.name, groupId: options.groupId });
  const retry = options.retry ?? defaultRetryOptions;
  const now = options.now ?? (() => new Date());
  let state: ProcessorState = 'created';
  let subscription: Subscription | undefined;
  let stopping: Promise<void> | undefined;
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {}); // observed through `done` by the owner; never an unhandled rejection

  async function handleBatch(batch: RecordBatch, context: BatchContext): Promise<void> {
    const last = batch.records.at(-1);
    if (last === undefined || !context.isActive()) return;
    const startedMs = performance.now();
    const where: TransformContext = { topic: batch.topic, partition: batch.partition };
    const batchLog = log.child({ topic: batch.topic, partition: batch.partition, firstOffset: batch.records[0]?.offset });

    const result = await withRetry(async () => options.transform(batch.records, where), retry, {
      shouldContinue: () => context.isActive(),
      onRetry: (err, attempt, delayMs) => {
        options.metrics?.retried?.('transform');
        batchLog.warn({ err, attempt, delayMs }, 'transform failed, retrying');
      },
    });
    const failedAt = now();
    const dlqRecords = result.rejections.map((rejection) => {
      batchLog.info({ offset: rejection.record.offset, reason: rejection.reason }, 'record rejected to DLQ');
      return toDlqRecord(rejection, { stage: options.name, dlqTopic: options.dlqTopic, failedAt });
    });
    const outgoing = [...result.outputs, ...dlqRecords];
    try {
      await withRetry(() => context.commit(outgoing, last.offset + 1), retry, {
        shouldContinue: () => context.isActive(),
        onRetry: (err, attempt, delayMs) => {
          options.metrics?.retried?.('commit');
          batchLog.warn({ err, attempt, delayMs }, 'commit failed, retrying');
        },
      });
    } catch (error) {
      options.onBatchAborted?.(where);
      throw error;
    }
    options.onBatchCommitted?.(where);
    options.metrics?.recordsConsumed?.(batch.topic, batch.partition, batch.records.length);
    for (const rejection of result.rejections) options.metrics?.recordRejected?.(rejection.reason);
    options.metrics?.recordsProduced?.(result.outputs.length);
    options.metrics?.batchCommitted?.(batch.topic, batch.partition, performance.now() - startedMs);
    options.metrics?.lag?.(batch.topic, batch.partition, Math.max(0, batch.highWatermark - (last.offset + 1)));
  }

  return {
    get state() {
      return state;
    },
    get done() {
      return done;
    },
    async start() {
      if (state !== 'created') {
        throw new BusError('VIGIA_BUS_PROCESSOR_STATE', `processor ${options.name} cannot start from state ${state}`, {
          context: { processor: options.name, state },
        });
      }
      state = 'running';
      subscription = await bus.subscribe({
        groupId: options.groupId,
        topics: options.inputTopics,
        ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId }),
        ...(options.maxBatchRecords === undefined ? {} : { maxBatchRecords: options.maxBatchRecords }),
        startFrom: options.startFrom ?? 'earliest',
        eachBatch: handleBatch,
        ...(options.partitionState === undefined ? {} : partitionStateHooks(options.partitionState, log)),
      });
      log.info({ topics: options.inputTopics }, 'processor started');
      subscription.done.then(
        () => {
          state = 'stopped';
          settle.resolve();
        },
        (error: unknown) => {
          state = 'failed';
          log.error({ err: error }, 'processor failed');
          settle.reject(error);
        },
      );
    },
    stop() {
      stopping ??= (async () => {
        if (state === 'running') state = 'stopping';
        await subscription?.stop();
        if (state === 'created') {
          state = 'stopped';
          settle.resolve();
        }
        await done.catch(() => {});
        log.info({ state }, 'processor stopped');
      })();
      return stopping;
    },
  };
}

/** Partition numbers, once each: a stage reading several co-partitioned topics owns partition p of all of them. */
const partitionNumbers = (partitions: readonly TopicPartition[]) => [...new Set(partitions.map((tp) => tp.partition))];

function partitionStateHooks(restorer: PartitionRestorer, log: Logger): Pick<SubscribeOptions, 'onAssigned' | 'onRevoked'> {
  return {
    onAssigned: async (partitions) => {
      await Promise.all(partitionNumbers(partitions).map((partition) => restorer.ensure(partition)));
    },
    onRevoked: async (partitions) => {
      const revoked = partitionNumbers(partitions);
      for (const partition of revoked) restorer.revoke(partition);
      log.info({ partitions: revoked }, 'partitions revoked; their state is dropped');
    },
  };
}
