import { createPartitionRestorer, createProcessor, isRetriable, type Bus, type Processor, type RetryOptions } from '@vigia/bus';
import type { Logger } from 'pino';
import { AggregatorError } from '../aggregator-errors.ts';
import type { AggregatorMetrics } from '../aggregator-metrics.ts';
import type { TopicLayout } from '../output-records.ts';
import { createAggregateTransform, type PartitionState } from './aggregate-transform.ts';
import { restoreBuckets } from './restore-buckets.ts';

export interface AggregateStageOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly metrics: AggregatorMetrics | undefined;
  readonly contributionsTopic: string;
  readonly changelog: TopicLayout;
  readonly indicators: TopicLayout;
  readonly dlqTopic: string;
  readonly groupId: string;
  readonly transactionalId: string | undefined;
  readonly maxBatchRecords?: number;
  readonly retry?: RetryOptions;
  readonly now?: () => Date;
}

export interface AggregateStage {
  readonly processor: Processor;
  readonly states: ReadonlyMap<number, PartitionState>;
}

/**
 * Stage 2: `vigia.contributions.v1` (keyed by region) → daily buckets per
 * owned partition → changelog updates and indicator values, committed with
 * the input offsets in one transaction. Partition p's state is rebuilt from
 * changelog partition p on assignment and dropped on revocation.
 */
export function createAggregateStage(options: AggregateStageOptions): AggregateStage {
  const { bus, contributionsTopic, changelog } = options;
  const log = options.logger.child({ stage: 'aggregate' });
  const states = new Map<number, PartitionState>();

  async function load(partition: number): Promise<PartitionState> {
    const startedMs = performance.now();
    try {
      const restored = await restoreBuckets(bus, changelog.name, partition, log);
      const durationMs = performance.now() - startedMs;
      options.metrics?.restored('buckets', durationMs);
      log.info(
        {
          partition,
          series: restored.state.series.size,
          records: restored.records,
          skipped: restored.skipped,
          evicted: restored.buckets.length,
          durationMs: Math.round(durationMs),
        },
        'aggregation state restored',
      );
      return { state: restored.state, restoreTombstones: restored.buckets };
    } catch (error) {
      throw new AggregatorError('VIGIA_AGGREGATOR_RESTORE_FAILED', `could not restore partition ${partition} from ${changelog.name}`, {
        cause: error,
        context: { topic: changelog.name, partition },
        retriable: isRetriable(error),
      });
    }
  }

  const restorer = createPartitionRestorer({
    has: (partition) => states.has(partition),
    load,
    install: (partition, state) => states.set(partition, state),
    drop: (partition) => states.delete(partition),
  });

  const { transform, onBatchAborted } = createAggregateTransform({
    states,
    changelog,
    indicators: options.indicators,
    ensureRestored: (partition) => restorer.ensure(partition),
    onBatchOutputs: (partition, outputs) => options.metrics?.batchOutputs(partition, outputs),
    onRollback: (partition) => options.metrics?.discardPending('aggregate', partition),
  });

  const processor = createProcessor(bus, {
    name: 'aggregator-aggregate',
    groupId: options.groupId,
    inputTopics: [contributionsTopic],
    dlqTopic: options.dlqTopic,
    transform,
    logger: log,
    ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId }),
    ...(options.maxBatchRecords === undefined ? {} : { maxBatchRecords: options.maxBatchRecords }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics.processorHooks('aggregate') }),
    onBatchAborted,
    partitionState: restorer,
  });
  return { processor, states };
}
