import { createStatefulStage, type Bus, type RetryOptions, type StatefulStage } from '@vigia/bus';
import type { ChangeLedger, FanOutOptions, TargetRegionsOf } from '@vigia/indicators';
import type { Logger } from 'pino';
import { aggregatorRejectionReasons, type AggregatorMetrics } from '../aggregator-metrics.ts';
import type { TopicLayout } from '../output-records.ts';
import { fanOutDefinition } from './fan-out-transform.ts';
import { restoreLedger } from './ledger-topic.ts';

export interface FanOutStageOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly metrics: AggregatorMetrics | undefined;
  readonly eventsTopic: string;
  readonly ledgerTopic: string;
  readonly contributions: TopicLayout;
  readonly dlqTopic: string;
  readonly groupId: string;
  readonly transactionalId: string | undefined;
  readonly targetRegions: TargetRegionsOf;
  readonly fanOutOptions: FanOutOptions;
  readonly maxBatchRecords?: number;
  readonly retry?: RetryOptions;
  readonly now?: () => Date;
}

/**
 * Stage 1, the repartition: `vigia.events.v1` (keyed by event id) →
 * `vigia.contributions.v1` (keyed by target region). Its only state is the
 * change ledger of each owned events partition, kept on the compacted
 * `vigia.aggregator.ledger.v1` and restored from it on assignment.
 */
export function createFanOutStage(options: FanOutStageOptions): StatefulStage<ChangeLedger> {
  const { bus, ledgerTopic } = options;
  const log = options.logger.child({ stage: 'fan-out' });
  return createStatefulStage(bus, {
    name: 'aggregator-fan-out',
    groupId: options.groupId,
    inputTopics: [options.eventsTopic],
    dlqTopic: options.dlqTopic,
    logger: log,
    rejectionReasons: aggregatorRejectionReasons,
    definition: fanOutDefinition({
      contributions: options.contributions,
      ledgerTopic,
      targetRegions: options.targetRegions,
      fanOutOptions: options.fanOutOptions,
      restore: (partition) => restoreLedger(bus, ledgerTopic, partition, log),
      ...(options.metrics === undefined ? {} : { contributionsPublished: options.metrics.contributions }),
    }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics.prometheus }),
    ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId }),
    ...(options.maxBatchRecords === undefined ? {} : { maxBatchRecords: options.maxBatchRecords }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
