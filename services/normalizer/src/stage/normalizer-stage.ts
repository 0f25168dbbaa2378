import { createPartitionRestorer, createProcessor, isRetriable, type Bus, type Processor, type RetryOptions } from '@vigia/bus';
import { topicName, topicSpecs } from '@vigia/schemas';
import type { LifecycleComponent, MetricsRegistry, StartContext } from '@vigia/service-kit';
import type { Logger } from 'pino';
import { NormalizerError } from '../normalizer-errors.ts';
import { EventState } from '../state/event-state.ts';
import { restorePartition } from '../state/restore-partition.ts';
import { NormalizerMetrics } from './normalizer-metrics.ts';
import { createNormalizerTransform } from './normalizer-transform.ts';
import { compileNormalizeOptions } from '../normalize-report.ts';

export interface NormalizerStageOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  /** The process's registry; counters per DLQ reason, published changes, lag, batch time. */
  readonly metrics?: MetricsRegistry;
  /** Replay namespace: reads `<ns>.vigia.events.raw.v1`, writes `<ns>.vigia.events.v1`. Default: the live topics. */
  readonly namespace?: string;
  /** Consumer group. Default `vigia-normalizer`, prefixed with the namespace in a replay. */
  readonly groupId?: string;
  /**
   * Prefix of the transactional ids (exactly-once commits). The Kafka adapter
   * derives one id per input partition from it, so it must be the same on every
   * instance and hold no instance identity (see `transactionalIdFor` in
   * `@vigia/bus`). Default: the group id. `false` turns transactions off.
   */
  readonly transactionalId?: string | false;
  /** Create the topics from the registry at start. Default `true`. */
  readonly ensureTopics?: boolean;
  readonly replicationFactor?: number;
  readonly maxBatchRecords?: number;
  /** How far after its report an event may be dated before it is DATE_IN_FUTURE. Default one day. */
  readonly futureToleranceMs?: number;
  readonly retry?: RetryOptions;
  /** Clock of DLQ `failedAt` stamps; the normalization itself never reads a clock. */
  readonly now?: () => Date;
}

export interface NormalizerStage extends LifecycleComponent {
  readonly name: 'normalizer';
  readonly topics: { readonly raw: string; readonly events: string; readonly dlq: string };
  readonly groupId: string;
  start(context: StartContext): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The normalizer as a lifecycle component: raw reports in, canonical event
 * changes out, every rejection to the DLQ with its reason. It runs the bus's
 * one processing loop, transactional by default, and keeps the latest version
 * of each event per partition, rebuilt from `vigia.events.v1` on assignment.
 */
export function createNormalizerStage(options: NormalizerStageOptions): NormalizerStage {
  const { bus, namespace } = options;
  const log = options.logger.child({ component: 'normalizer' });
  const names = { namespace };
  const topics = {
    raw: topicName('vigia.events.raw.v1', names),
    events: topicName('vigia.events.v1', names),
    dlq: topicName('vigia.events.dlq.v1', names),
  };
  const groupId = options.groupId ?? (namespace ? `${namespace}.vigia-normalizer` : 'vigia-normalizer');
  const transactionalId = options.transactionalId === false ? undefined : (options.transactionalId ?? groupId);
  const state = new EventState();
  const metrics = options.metrics === undefined ? undefined : new NormalizerMetrics(options.metrics, () => state.size);
  let processor: Processor | undefined;

  async function load(partition: number): Promise<Awaited<ReturnType<typeof restorePartition>>> {
    const startedMs = performance.now();
    try {
      const restored = await restorePartition(bus, topics.events, partition, log);
      log.info(
        { partition, events: restored.events.size, records: restored.records, skipped: restored.skipped, durationMs: Math.round(performance.now() - startedMs) },
        'partition state restored',
      );
      return restored;
    } catch (error) {
      throw new NormalizerError('VIGIA_NORMALIZER_RESTORE_FAILED', `could not restore partition ${partition} from ${topics.events}`, {
        cause: error,
        context: { topic: topics.events, partition },
        retriable: isRetriable(error),
      });
    }
  }

  const restorer = createPartitionRestorer({
    has: (partition) => state.has(partition),
    load,
    install: (partition, restored) => {
      state.install(partition, restored.events, restored.owners);
      metrics?.partitionRestored();
    },
    drop: (partition) => state.drop(partition),
  });

  const { transform, onBatchAborted } = createNormalizerTransform({
    state,
    normalizeOptions: compileNormalizeOptions(options.futureToleranceMs === undefined ? {} : { futureToleranceMs: options.futureToleranceMs }),
    eventsTopic: topics.events,
    ensureRestored: (partition) => restorer.ensure(partition),
    onChange: (partition, change) => metrics?.changeProduced(partition, change.type),
    onRollback: (partition) => metrics?.discardPending(partition),
  });

  async function checkPartitionCounts(): Promise<void> {
    const [raw, events] = await Promise.all([bus.admin.endOffsets(topics.raw), bus.admin.endOffsets(topics.events)]);
    if (raw.length !== events.length) {
      throw new NormalizerError(
        'VIGIA_NORMALIZER_PARTITIONS_MISMATCH',
        `${topics.raw} has ${raw.length} partitions and ${topics.events} ${events.length}; they must be equal`,
        { context: { rawTopic: topics.raw, rawPartitions: raw.length, eventsTopic: topics.events, eventsPartitions: events.length } },
      );
    }
  }

  return {
    name: 'normalizer',
    topics,
    groupId,
    async start(context) {
      if (processor !== undefined) throw new NormalizerError('VIGIA_NORMALIZER_STATE_INVALID', 'the normalizer stage was already started');
      if (options.ensureTopics ?? true) {
        const bases = ['vigia.events.raw.v1', 'vigia.events.v1', 'vigia.events.dlq.v1'] as const;
        await bus.admin.ensureTopics(
          topicSpecs({ namespace, topics: bases, ...(options.replicationFactor === undefined ? {} : { replicationFactor: options.replicationFactor }) }),
        );
      }
      await checkPartitionCounts();
      processor = createProcessor(bus, {
        name: 'normalizer',
        groupId,
        inputTopics: [topics.raw],
        dlqTopic: topics.dlq,
        transform,
        logger: log,
        ...(transactionalId === undefined ? {} : { transactionalId }),
        ...(options.maxBatchRecords === undefined ? {} : { maxBatchRecords: options.maxBatchRecords }),
        ...(options.retry === undefined ? {} : { retry: options.retry }),
        ...(options.now === undefined ? {} : { now: options.now }),
        ...(metrics === undefined ? {} : { metrics: metrics.processorHooks() }),
        onBatchAborted,
        partitionState: restorer,
      });
      await processor.start();
      processor.done.catch((error: unknown) => context.fail(error));
      log.info({ topics, groupId, transactional: transactionalId !== undefined }, 'normalizer started');
    },
    async stop() {
      await processor?.stop();
    },
  };
}
