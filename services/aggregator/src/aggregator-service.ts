import type { Bus, RetryOptions, StatefulStage } from '@vigia/bus';
import { surveyShareRegions, targetRegionRefs } from '@vigia/geo';
import { stateStats, type ChangeLedger, type FanOutOptions, type TargetRegionsOf } from '@vigia/indicators';
import { topicName, topicSpecs, type RegionRef, type TopicName } from '@vigia/schemas';
import type { LifecycleComponent, MetricsRegistry, StartContext } from '@vigia/service-kit';
import type { Logger } from 'pino';
import { createAggregateStage } from './aggregate/aggregate-stage.ts';
import type { PartitionState } from './aggregate/aggregate-transform.ts';
import { AggregatorError } from './aggregator-errors.ts';
import { registerAggregatorMetrics } from './aggregator-metrics.ts';
import { createFanOutStage } from './fan-out/fan-out-stage.ts';
import { createIndicatorView, type IndicatorView } from './query/indicator-view.ts';
import { createQueryServer, type QueryServer } from './query/query-server.ts';

export interface AggregatorServiceOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  /** The process's registry: the stage loop metrics of both stages, contributions, indicators, corrections, state size. */
  readonly metrics?: MetricsRegistry;
  /** Replay namespace: every topic and group is prefixed with it. Default: the live topics. */
  readonly namespace?: string;
  /** Transactions (exactly-once) on both stages. Default `true`. */
  readonly transactional?: boolean;
  /** Create the topics from the registry at start. Default `true`. */
  readonly ensureTopics?: boolean;
  readonly replicationFactor?: number;
  /** Most event changes the fan-out handles per batch (one transaction). Default: the bus's. */
  readonly maxBatchRecords?: number;
  /**
   * Most contributions the aggregate stage handles per batch (one transaction).
   * Default 500, like the other stages: the outputs of a batch are coalesced
   * per key, and the Kafka adapter splits a transaction's records into
   * requests under the broker's `message.max.bytes`.
   */
  readonly maxAggregateBatchRecords?: number;
  readonly retry?: RetryOptions;
  /** The query API (`GET /v1/indicators`, `GET /v1/series`); `false` runs without it. Default: 127.0.0.1 on a free port. */
  readonly query?: { readonly host?: string; readonly port?: number } | false;
  /** Fan-out gazetteer; default `@vigia/geo`'s `targetRegions`. */
  readonly targetRegions?: TargetRegionsOf;
  /** Regions that receive the national survey figure; default every zone and department. */
  readonly shareRegions?: readonly RegionRef[];
  /** Clock of DLQ `failedAt` stamps only; indicators never read a clock. */
  readonly now?: () => Date;
}

export interface AggregatorTopics {
  readonly events: string;
  readonly ledger: string;
  readonly contributions: string;
  readonly changelog: string;
  readonly indicators: string;
  readonly dlq: string;
}

export interface AggregatorService extends LifecycleComponent {
  readonly name: 'aggregator';
  readonly topics: AggregatorTopics;
  readonly groupIds: { readonly fanOut: string; readonly aggregate: string };
  /** Read model of the indicators and the changelog (all partitions). */
  readonly view: IndicatorView;
  /** Base URL of the query API once started (`undefined` without it). */
  readonly queryUrl: string | undefined;
  start(context: StartContext): Promise<void>;
  stop(): Promise<void>;
}

/** See `AggregatorServiceOptions.maxAggregateBatchRecords`. */
export const defaultAggregateBatchRecords = 500;

const refOf = (region: { readonly code: string; readonly level: RegionRef['level'] }): RegionRef => ({ code: region.code, level: region.level });

/** Every topic the aggregator reads or writes, which it creates at start (benchmarks that run it create the same). */
export const aggregatorTopics = [
  'vigia.events.v1',
  'vigia.events.dlq.v1',
  'vigia.aggregator.ledger.v1',
  'vigia.contributions.v1',
  'vigia.aggregator.changelog.v1',
  'vigia.indicators.v2',
] as const satisfies readonly TopicName[];

/**
 * The aggregator as one lifecycle component: the fan-out stage (events →
 * contributions re-keyed by region) and the aggregate stage (contributions →
 * changelog + indicators), both on the bus's one processing loop and
 * transactional, plus the query API. The same factory runs in its own process
 * (`main.ts`) or beside every other stage in one process on the embedded bus.
 */
export function createAggregatorService(options: AggregatorServiceOptions): AggregatorService {
  const { bus, namespace } = options;
  const log = options.logger.child({ component: 'aggregator' });
  const name = (base: TopicName) => topicName(base, { namespace });
  const topics: AggregatorTopics = {
    events: name('vigia.events.v1'),
    ledger: name('vigia.aggregator.ledger.v1'),
    contributions: name('vigia.contributions.v1'),
    changelog: name('vigia.aggregator.changelog.v1'),
    indicators: name('vigia.indicators.v2'),
    dlq: name('vigia.events.dlq.v1'),
  };
  const prefix = namespace ? `${namespace}.` : '';
  const groupIds = { fanOut: `${prefix}vigia-aggregator-fan-out`, aggregate: `${prefix}vigia-aggregator` };
  const transactional = options.transactional ?? true;
  const view = createIndicatorView({ bus, indicatorsTopic: topics.indicators, changelogTopic: topics.changelog, logger: log });
  const queryServer: QueryServer | undefined = options.query === false ? undefined : createQueryServer({ view, logger: log, ...(options.query ?? {}) });
  let stages: { fanOut: StatefulStage<ChangeLedger>; aggregate: StatefulStage<PartitionState> } | undefined;

  const stateSizes = {
    ledgerEntries: () => sum(stages?.fanOut.states.values() ?? [], (ledger) => ledger.entries.size),
    series: () => sum(stages?.aggregate.states.values() ?? [], (owned) => owned.state.series.size),
    buckets: () => sum(stages?.aggregate.states.values() ?? [], (owned) => stateStats(owned.state).bucketCount),
  };
  const metrics = options.metrics === undefined ? undefined : registerAggregatorMetrics(options.metrics, stateSizes);

  async function partitionCounts(): Promise<{ events: number; ledger: number; contributions: number; changelog: number; indicators: number }> {
    const [events, ledger, contributions, changelog, indicators] = await Promise.all(
      [topics.events, topics.ledger, topics.contributions, topics.changelog, topics.indicators].map(
        async (topic) => (await bus.admin.endOffsets(topic)).length,
      ),
    );
    const counts = { events: events!, ledger: ledger!, contributions: contributions!, changelog: changelog!, indicators: indicators! };
    if (counts.contributions !== counts.changelog || counts.contributions !== counts.indicators) {
      throw new AggregatorError('VIGIA_AGGREGATOR_PARTITIONS_MISMATCH', 'the region-partitioned topics have different partition counts', {
        context: { ...topics, ...counts },
      });
    }
    if (counts.events !== counts.ledger) {
      throw new AggregatorError('VIGIA_AGGREGATOR_PARTITIONS_MISMATCH', 'vigia.events.v1 and the fan-out ledger have different partition counts', {
        context: { ...topics, ...counts },
      });
    }
    return counts;
  }

  return {
    name: 'aggregator',
    topics,
    groupIds,
    view,
    get queryUrl() {
      return queryServer?.url;
    },
    async start(context) {
      if (stages !== undefined) throw new AggregatorError('VIGIA_AGGREGATOR_STATE_INVALID', 'the aggregator was already started');
      if (options.ensureTopics ?? true) {
        await bus.admin.ensureTopics(
          topicSpecs({
            namespace,
            topics: aggregatorTopics,
            ...(options.replicationFactor === undefined ? {} : { replicationFactor: options.replicationFactor }),
          }),
        );
      }
      const counts = await partitionCounts();
      const fanOutOptions: FanOutOptions = {
        shareRegions: options.shareRegions === undefined ? surveyShareRegions() : options.shareRegions.map(refOf),
      };
      const common = {
        bus,
        logger: log,
        metrics,
        dlqTopic: topics.dlq,
        ...(options.retry === undefined ? {} : { retry: options.retry }),
        ...(options.now === undefined ? {} : { now: options.now }),
      };
      stages = {
        fanOut: createFanOutStage({
          ...common,
          eventsTopic: topics.events,
          ledgerTopic: topics.ledger,
          ...(options.maxBatchRecords === undefined ? {} : { maxBatchRecords: options.maxBatchRecords }),
          contributions: { name: topics.contributions, partitions: counts.contributions },
          groupId: groupIds.fanOut,
          transactionalId: transactional ? groupIds.fanOut : undefined,
          targetRegions: options.targetRegions ?? targetRegionRefs,
          fanOutOptions,
        }),
        aggregate: createAggregateStage({
          ...common,
          contributionsTopic: topics.contributions,
          maxBatchRecords: options.maxAggregateBatchRecords ?? defaultAggregateBatchRecords,
          changelog: { name: topics.changelog, partitions: counts.changelog },
          indicators: { name: topics.indicators, partitions: counts.indicators },
          groupId: groupIds.aggregate,
          transactionalId: transactional ? groupIds.aggregate : undefined,
        }),
      };
      await queryServer?.start();
      await stages.aggregate.start();
      stages.aggregate.done.catch((error: unknown) => context.fail(error));
      await stages.fanOut.start();
      stages.fanOut.done.catch((error: unknown) => context.fail(error));
      log.info({ topics, groupIds, transactional, query: queryServer?.url }, 'aggregator started');
    },
    async stop() {
      // Upstream first: the fan-out's last contributions can still be aggregated before the second stage stops.
      await stages?.fanOut.stop();
      await stages?.aggregate.stop();
      await queryServer?.stop();
    },
  };
}

function sum<T>(items: Iterable<T>, of: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += of(item);
  return total;
}
