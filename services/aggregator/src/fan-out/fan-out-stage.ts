import { createPartitionRestorer, createProcessor, isRetriable, type Bus, type Processor, type RetryOptions } from '@vigia/bus';
import type { ChangeLedger, FanOutOptions, TargetRegionsOf } from '@vigia/indicators';
import type { Logger } from 'pino';
import { AggregatorError } from '../aggregator-errors.ts';
import type { AggregatorMetrics } from '../aggregator-metrics.ts';
import type { TopicLayout } from '../output-records.ts';
import { createFanOutTransform } from './fan-out-transform.ts';
import { restoreLedger } from './restore-ledger.ts';

export interface FanOutStageOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly metrics: AggregatorMetrics | undefined;
  readonly eventsTopic: string;
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

export interface FanOutStage {
  readonly processor: Processor;
  readonly ledgers: ReadonlyMap<number, ChangeLedger>;
}

/**
 * Stage 1, the repartition: `vigia.events.v1` (keyed by event id) →
 * `vigia.contributions.v1` (keyed by target region). Its only state is the
 * change ledger of each owned events partition, rebuilt on assignment from
 * that partition up to the group's committed offset.
 */
export function createFanOutStage(options: FanOutStageOptions): FanOutStage {
  const { bus, eventsTopic } = options;
  const log = options.logger.child({ stage: 'fan-out' });
  const ledgers = new Map<number, ChangeLedger>();

  async function load(partition: number): Promise<ChangeLedger> {
    const startedMs = performance.now();
    try {
      const committed = await bus.admin.groupOffsets(options.groupId, eventsTopic);
      const untilOffset = committed.find((entry) => entry.partition === partition)?.offset ?? 0;
      const restored = await restoreLedger(bus, eventsTopic, partition, untilOffset, log);
      const durationMs = performance.now() - startedMs;
      options.metrics?.restored('ledger', durationMs);
      log.info(
        { partition, untilOffset, events: restored.ledger.entries.size, records: restored.records, skipped: restored.skipped, durationMs: Math.round(durationMs) },
        'fan-out ledger restored',
      );
      return restored.ledger;
    } catch (error) {
      throw new AggregatorError('VIGIA_AGGREGATOR_RESTORE_FAILED', `could not restore the fan-out ledger of ${eventsTopic} partition ${partition}`, {
        cause: error,
        context: { topic: eventsTopic, partition },
        retriable: isRetriable(error),
      });
    }
  }

  const restorer = createPartitionRestorer({
    has: (partition) => ledgers.has(partition),
    load,
    install: (partition, ledger) => ledgers.set(partition, ledger),
    drop: (partition) => ledgers.delete(partition),
  });

  const { transform, onBatchAborted } = createFanOutTransform({
    ledgers,
    contributions: options.contributions,
    targetRegions: options.targetRegions,
    fanOutOptions: options.fanOutOptions,
    ensureRestored: (partition) => restorer.ensure(partition),
    onContributions: (partition, count) => options.metrics?.contributionsProduced(partition, count),
    onRollback: (partition) => options.metrics?.discardPending('fan-out', partition),
  });

  const processor = createProcessor(bus, {
    name: 'aggregator-fan-out',
    groupId: options.groupId,
    inputTopics: [eventsTopic],
    dlqTopic: options.dlqTopic,
    transform,
    logger: log,
    ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId }),
    ...(options.maxBatchRecords === undefined ? {} : { maxBatchRecords: options.maxBatchRecords }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics.processorHooks('fan-out') }),
    onBatchAborted,
    partitionState: restorer,
  });
  return { processor, ledgers };
}
