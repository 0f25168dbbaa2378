import { createStatefulStage, type Bus, type RetryOptions, type StatefulStage } from '@vigia/bus';
import { topicName, topicSpecs } from '@vigia/schemas';
import type { LifecycleComponent, MetricsRegistry, StartContext } from '@vigia/service-kit';
import type { Logger } from 'pino';
import { NormalizerError } from '../normalizer-errors.ts';
import type { EventState } from '../state/event-state.ts';
import { restorePartition } from '../state/restore-partition.ts';
import { normalizerRejectionReasons, registerNormalizerMetrics } from './normalizer-metrics.ts';
import { normalizerDefinition } from './normalizer-transform.ts';
import { compileNormalizeOptions } from '../normalize-report.ts';

export interface NormalizerStageOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  /** The process's registry: the stage loop metrics, published changes by type, events held. */
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
  readonly topics: { readonly raw: string; readonly events: string; readonly state: string; readonly dlq: string };
  readonly groupId: string;
  start(context: StartContext): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The normalizer as a lifecycle component: raw reports in, canonical event
 * changes out, every rejection to the DLQ with its reason. It runs on the
 * bus's stateful-stage scaffold, transactional by default, and keeps the
 * latest version of each event per partition, written to the compacted
 * `vigia.normalizer.state.v1` with every change and restored from it on
 * assignment.
 */
export function createNormalizerStage(options: NormalizerStageOptions): NormalizerStage {
  const { bus, namespace } = options;
  const log = options.logger.child({ component: 'normalizer' });
  const names = { namespace };
  const topics = {
    raw: topicName('vigia.events.raw.v1', names),
    events: topicName('vigia.events.v1', names),
    state: topicName('vigia.normalizer.state.v1', names),
    dlq: topicName('vigia.events.dlq.v1', names),
  };
  const groupId = options.groupId ?? (namespace ? `${namespace}.vigia-normalizer` : 'vigia-normalizer');
  const transactionalId = options.transactionalId === false ? undefined : (options.transactionalId ?? groupId);
  // Read at scrape time, once the stage below exists.
  const metrics: ReturnType<typeof registerNormalizerMetrics> | undefined =
    options.metrics === undefined ? undefined : registerNormalizerMetrics(options.metrics, () => stage.states.values());
  const stage: StatefulStage<EventState> = createStatefulStage(bus, {
    name: 'normalizer',
    groupId,
    inputTopics: [topics.raw],
    dlqTopic: topics.dlq,
    logger: log,
    rejectionReasons: normalizerRejectionReasons,
    definition: normalizerDefinition({
      topics: { events: topics.events, state: topics.state },
      restore: (partition) => restorePartition(bus, topics.state, partition, log),
      normalizeOptions: compileNormalizeOptions(options.futureToleranceMs === undefined ? {} : { futureToleranceMs: options.futureToleranceMs }),
      ...(metrics === undefined ? {} : { published: metrics.published }),
    }),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics.prometheus }),
    ...(transactionalId === undefined ? {} : { transactionalId }),
    ...(options.maxBatchRecords === undefined ? {} : { maxBatchRecords: options.maxBatchRecords }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  let started = false;

  async function checkPartitionCounts(): Promise<void> {
    const [raw, events, state] = await Promise.all([topics.raw, topics.events, topics.state].map(async (topic) => (await bus.admin.endOffsets(topic)).length));
    if (raw !== events || raw !== state) {
      throw new NormalizerError(
        'VIGIA_NORMALIZER_PARTITIONS_MISMATCH',
        `${topics.raw} has ${raw} partitions, ${topics.events} ${events} and ${topics.state} ${state}; they must be equal`,
        {
          context: {
            rawTopic: topics.raw,
            rawPartitions: raw,
            eventsTopic: topics.events,
            eventsPartitions: events,
            stateTopic: topics.state,
            statePartitions: state,
          },
        },
      );
    }
  }

  return {
    name: 'normalizer',
    topics,
    groupId,
    async start(context) {
      if (started) throw new NormalizerError('VIGIA_NORMALIZER_STATE_INVALID', 'the normalizer stage was already started');
      started = true;
      if (options.ensureTopics ?? true) {
        const bases = ['vigia.events.raw.v1', 'vigia.events.v1', 'vigia.normalizer.state.v1', 'vigia.events.dlq.v1'] as const;
        await bus.admin.ensureTopics(
          topicSpecs({ namespace, topics: bases, ...(options.replicationFactor === undefined ? {} : { replicationFactor: options.replicationFactor }) }),
        );
      }
      await checkPartitionCounts();
      await stage.start();
      stage.done.catch((error: unknown) => context.fail(error));
      log.info({ topics, groupId, transactional: transactionalId !== undefined }, 'normalizer started');
    },
    async stop() {
      if (started) await stage.stop();
    },
  };
}
