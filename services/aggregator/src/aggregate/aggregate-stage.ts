import { createStatefulStage, type Bus, type RetryOptions, type StatefulStage } from '@vigia/bus';
import type { Logger } from 'pino';
import { aggregatorRejectionReasons, type AggregatorMetrics } from '../aggregator-metrics.ts';
import type { TopicLayout } from '../output-records.ts';
import { aggregateDefinition, type PartitionState } from './aggregate-transform.ts';
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

/**
 * Stage 2: `vigia.contributions.v1` (keyed by region) → daily buckets per
 * owned partition → changelog updates and indicator values, committed with
 * the input offsets in one transaction. Partition p's state is rebuilt from
 * changelog partition p on assignment and dropped on revocation.
 */
export function createAggregateStage(options: AggregateStageOptions): StatefulStage<PartitionState> {
  const { bus, changelog } = options;
  const log = options.logger.child({ stage: 'aggregate' });
  return createStatefulStage(bus, {
    name: 'aggregator-aggregate',
    groupId: options.groupId,
    inputTopics: [options.contributionsTopic],
    dlqTopic: options.dlqTopic,
    logger: log,
    rejectionReasons: aggregatorRejectionReasons,
    definition: aggregateDefinition({
      changelog,
      indicators: options.indicators,
      restore: async (partition) => {
        const restored = await restoreBuckets(bus, changelog.name, partition, log);
        log.info(
          { partition, series: restored.state.series.size, records: restored.records, skipped: restored.skipped, evicted: restored.buckets.length },
          'aggregation state read',
        );
        return { state: restored.state, restoreTombstones: restored.buckets };
      },
      ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics.prometheus }),
    ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId }),
    ...(options.maxBatchRecords === undefined ? {} : { maxBatchRecords: options.maxBatchRecords }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
