/** The port's admin operations on a Kafka cluster, through one kafkajs admin client. */
import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { BusAdmin, PartitionOffset, TopicSpec } from '../port.ts';
import { withRetry, type RetryOptions } from '../retry.ts';
import { KafkaBusError, type KafkaBusErrorContext, toKafkaBusError } from './kafka-errors.ts';
import { commitGroupOffsets } from './set-group-offsets.ts';
import type { TopicCatalog } from './topic-catalog.ts';

export interface KafkaAdminDeps {
  readonly kafka: Kafka;
  readonly admin: () => Promise<Admin>;
  readonly catalog: TopicCatalog;
  readonly logger: Logger;
  /** Upper bound for waiting on metadata to reflect a create or delete. */
  readonly metadataWaitMs?: number;
}

const byPartition = (a: PartitionOffset, b: PartitionOffset) => a.partition - b.partition;

const adminRetry: RetryOptions = { retries: 8, initialDelayMs: 50, maxDelayMs: 2_000, multiplier: 2, jitter: 0.2 };

/** Kafka's internal topics (`__consumer_offsets`, `__transaction_state`) are not the application's. */
const isInternalTopic = (name: string) => name.startsWith('__');

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function checkOffsets(offsets: readonly PartitionOffset[], context: KafkaBusErrorContext): void {
  for (const { partition, offset } of offsets) {
    if (!Number.isSafeInteger(partition) || partition < 0 || !Number.isSafeInteger(offset) || offset < 0) {
      throw new KafkaBusError('VIGIA_BUS_INVALID_ARGUMENT', `invalid position ${partition}@${offset}: both must be integers ≥ 0`, {
        ...context,
        retriable: false,
      });
    }
  }
}

export function createKafkaAdmin(deps: KafkaAdminDeps): BusAdmin {
  const { catalog } = deps;
  const metadataWaitMs = deps.metadataWaitMs ?? 10_000;
  const log = deps.logger.child({ component: 'kafka-admin' });

  /** Runs `operation`, turning whatever it throws into a `KafkaBusError` with context. */
  async function run<T>(context: KafkaBusErrorContext & { operation: string }, operation: (admin: Admin) => Promise<T>): Promise<T> {
    try {
      const admin = await deps.admin();
      // A topic created a moment ago can still answer NOT_LEADER or
      // UNKNOWN_TOPIC_OR_PARTITION from a broker whose metadata lags the
      // controller's; kafkajs marks those retriable and they heal in milliseconds.
      return await withRetry(() => operation(admin), adminRetry, {
        onRetry: (err, attempt, delayMs) => log.debug({ err, attempt, delayMs, ...context }, 'admin call failed, retrying'),
      });
    } catch (error) {
      throw toKafkaBusError(error, 'VIGIA_BUS_ADMIN_FAILED', `${context.operation} failed`, context);
    }
  }

  /**
   * Polls metadata until `done` holds. Creates and deletes are acknowledged by
   * the controller before every broker's metadata reflects them; callers of
   * the port expect to see the result at once.
   */
  async function waitForMetadata(admin: Admin, done: (topics: Map<string, number[]>) => boolean, what: string): Promise<void> {
    const deadline = Date.now() + metadataWaitMs;
    for (let pauseMs = 20; ; pauseMs = Math.min(pauseMs * 2, 500)) {
      const { topics } = await admin.fetchTopicMetadata();
      const leaders = new Map(topics.map((t) => [t.name, t.partitions.map((p) => p.leader)]));
      if (done(leaders)) return;
      if (Date.now() > deadline) {
        throw new KafkaBusError('VIGIA_BUS_ADMIN_FAILED', `timed out after ${metadataWaitMs} ms waiting for ${what}`, { retriable: true });
      }
      await delay(pauseMs);
    }
  }

  function topicConfig(spec: TopicSpec, brokerCount: number): ITopicConfig {
    const configEntries: { name: string; value: string }[] = [{ name: 'cleanup.policy', value: spec.cleanupPolicy }];
    if (spec.retentionMs !== undefined) configEntries.push({ name: 'retention.ms', value: String(spec.retentionMs) });
    return {
      topic: spec.name,
      numPartitions: spec.partitions,
      // -1 lets the broker apply `default.replication.factor`.
      replicationFactor: spec.replicationFactor === undefined ? -1 : Math.max(1, Math.min(spec.replicationFactor, brokerCount)),
      configEntries,
    };
  }

  return {
    ensureTopics: (specs) =>
      run({ operation: 'ensureTopics' }, async (admin) => {
        const existing = new Set(await admin.listTopics());
        const missing = new Map<string, TopicSpec>();
        for (const spec of specs) if (!existing.has(spec.name) && !missing.has(spec.name)) missing.set(spec.name, spec);
        if (missing.size === 0) return;
        const { brokers } = await admin.describeCluster();
        // One request per topic, so a concurrent creator (TOPIC_ALREADY_EXISTS)
        // fails only its own request. Leaders are awaited below rather than by
        // kafkajs: its wait gives up with UNKNOWN_TOPIC_OR_PARTITION when a busy
        // controller is slow to publish the new topic's metadata.
        await Promise.all([...missing.values()].map((spec) => admin.createTopics({ topics: [topicConfig(spec, brokers.length)], waitForLeaders: false })));
        const names = [...missing.keys()];
        await waitForMetadata(
          admin,
          (topics) => names.every((name) => (topics.get(name) ?? []).length > 0 && topics.get(name)!.every((leader) => leader >= 0)),
          `leaders of ${names.join(', ')}`,
        );
        await catalog.refresh();
        log.info({ topics: names }, 'topics created');
      }),

    listTopics: () => run({ operation: 'listTopics' }, async (admin) => (await admin.listTopics()).filter((name) => !isInternalTopic(name)).sort()),

    deleteTopics: (names) =>
      run({ operation: 'deleteTopics' }, async (admin) => {
        const existing = new Set(await admin.listTopics());
        const doomed = [...new Set(names)].filter((name) => existing.has(name));
        for (const name of names) catalog.forget(name);
        if (doomed.length === 0) return;
        await admin.deleteTopics({ topics: doomed });
        await waitForMetadata(admin, (topics) => doomed.every((name) => !topics.has(name)), `deletion of ${doomed.join(', ')}`);
        log.info({ topics: doomed }, 'topics deleted');
      }),

    offsetsForTimestamp: async (topic, timestampMs) => {
      await catalog.partitionCounts([topic]);
      return run({ operation: 'offsetsForTimestamp', topic }, async (admin) => {
        // kafkajs already maps "no record at or after the time" (-1) to the log end.
        const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, timestampMs);
        return offsets.map(({ partition, offset }) => ({ partition, offset: Number(offset) })).sort(byPartition);
      });
    },

    endOffsets: async (topic) => {
      await catalog.partitionCounts([topic]);
      return run({ operation: 'endOffsets', topic }, async (admin) => {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets.map(({ partition, high }) => ({ partition, offset: Number(high) })).sort(byPartition);
      });
    },

    groupOffsets: async (groupId, topic) => {
      await catalog.partitionCounts([topic]);
      return run({ operation: 'groupOffsets', topic, groupId }, async (admin) => {
        const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return (entry?.partitions ?? [])
          .map(({ partition, offset }) => ({ partition, offset: Number(offset) }))
          .filter(({ offset }) => offset >= 0) // -1: no committed offset
          .sort(byPartition);
      });
    },

    setGroupOffsets: async (groupId, topic, offsets) => {
      const context = { operation: 'setGroupOffsets', topic, groupId };
      checkOffsets(offsets, context);
      await catalog.partitionCounts([topic]);
      if (offsets.length === 0) return;
      await run(context, async (admin) => {
        const { groups } = await admin.describeGroups([groupId]);
        const state = groups[0]?.state ?? 'Dead';
        if (state !== 'Empty' && state !== 'Dead') {
          throw new KafkaBusError('VIGIA_BUS_GROUP_ACTIVE', `group ${groupId} is ${state}; stop its members before moving its offsets`, {
            ...context,
            retriable: false,
          });
        }
        await commitGroupOffsets(deps.kafka, groupId, topic, offsets);
        log.info({ groupId, topic, offsets }, 'group offsets moved');
      });
    },
  };
}
