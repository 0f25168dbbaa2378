/**
 * The admin side of the embedded bus: topics and group positions. Mutations
 * of the topic set run one at a time, so concurrent `ensureTopics` calls for
 * the same name create it once.
 */
import type { Logger } from 'pino';
import type { BusAdmin, CleanupPolicy, PartitionOffset, TopicSpec } from '../port.ts';
import type { ConsumerGroup } from './consumer-group.ts';
import { EmbeddedBusError, unknownTopicError } from './embedded-errors.ts';
import type { GroupOffsetStore } from './group-offset-store.ts';
import { assertLegalTopicName, type Topic, type TopicStore } from './topic-store.ts';

export interface AdminHost {
  readonly topics: TopicStore;
  readonly groupOffsets: GroupOffsetStore;
  readonly groups: ReadonlyMap<string, ConsumerGroup>;
  readonly logger: Logger;
  assertOpen(operation: string): void;
}

const cleanupPolicies: readonly CleanupPolicy[] = ['delete', 'compact'];
/** Far above any sensible count; stops a typo from creating a million directories. */
const MAX_PARTITIONS = 10_000;

function validateSpec(spec: TopicSpec): void {
  assertLegalTopicName(spec.name);
  const problem = (message: string) =>
    new EmbeddedBusError('VIGIA_BUS_INVALID_ARGUMENT', `topic "${spec.name}": ${message}`, {
      topic: spec.name,
      operation: 'ensureTopics',
    });
  if (!Number.isInteger(spec.partitions) || spec.partitions < 1 || spec.partitions > MAX_PARTITIONS) {
    throw problem(`partitions must be an integer from 1 to ${MAX_PARTITIONS}, got ${spec.partitions}`);
  }
  if (!cleanupPolicies.includes(spec.cleanupPolicy)) throw problem(`cleanupPolicy must be "delete" or "compact"`);
  if (spec.retentionMs !== undefined && (!Number.isSafeInteger(spec.retentionMs) || spec.retentionMs < -1)) {
    throw problem(`retentionMs must be -1 (forever) or a non-negative integer, got ${spec.retentionMs}`);
  }
}

export function createEmbeddedAdmin(host: AdminHost): BusAdmin {
  let mutations: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const run = mutations.then(task);
    mutations = run.catch(() => undefined);
    return run;
  };

  const topicOf = (name: string, operation: string): Topic => {
    host.assertOpen(operation);
    const topic = host.topics.get(name);
    if (!topic) throw unknownTopicError(name, operation);
    return topic;
  };

  return {
    async ensureTopics(specs) {
      host.assertOpen('ensureTopics');
      specs.forEach(validateSpec);
      await serialized(async () => {
        for (const spec of specs) {
          const existing = host.topics.get(spec.name);
          if (existing && existing.metadata.partitions !== spec.partitions) {
            host.logger.debug(
              { topic: spec.name, partitions: existing.metadata.partitions, requested: spec.partitions },
              'topic exists with another partition count; ensureTopics never alters a topic',
            );
          }
          if (await host.topics.create(spec)) {
            // Groups already subscribed to this name (e.g. deleted and re-created) get its partitions.
            for (const group of host.groups.values()) group.rebalance('topic created');
          }
        }
      });
    },

    async listTopics() {
      host.assertOpen('listTopics');
      return host.topics.names();
    },

    async deleteTopics(names) {
      host.assertOpen('deleteTopics');
      await serialized(async () => {
        for (const name of names) {
          if (!(await host.topics.delete(name, () => host.groupOffsets.forgetTopic(name)))) continue;
          for (const group of host.groups.values()) group.rebalance('topic deleted');
        }
      });
    },

    async offsetsForTimestamp(topic, timestampMs) {
      const { logs } = topicOf(topic, 'offsetsForTimestamp');
      const offsets = await Promise.all(logs.map((log) => log.offsetForTimestamp(timestampMs)));
      return offsets.map((offset, partition) => ({ partition, offset }));
    },

    async endOffsets(topic) {
      return topicOf(topic, 'endOffsets').logs.map((log) => ({ partition: log.partition, offset: log.endOffset }));
    },

    async groupOffsets(groupId, topic) {
      const { metadata } = topicOf(topic, 'groupOffsets');
      return host.groupOffsets.offsets(groupId, topic).filter((o) => o.partition < metadata.partitions);
    },

    async setGroupOffsets(groupId, topic, offsets: readonly PartitionOffset[]) {
      const { logs } = topicOf(topic, 'setGroupOffsets');
      const members = host.groups.get(groupId)?.memberCount ?? 0;
      if (members > 0) {
        throw new EmbeddedBusError(
          'VIGIA_BUS_GROUP_ACTIVE',
          `group "${groupId}" has ${members} live member(s); stop its subscriptions before moving its offsets`,
          { groupId, topic, operation: 'setGroupOffsets' },
        );
      }
      for (const { partition, offset } of offsets) {
        const log = logs[partition];
        if (!log) {
          throw new EmbeddedBusError('VIGIA_BUS_UNKNOWN_PARTITION', `topic "${topic}" has no partition ${partition}`, {
            groupId,
            topic,
            partition,
            operation: 'setGroupOffsets',
          });
        }
        if (!Number.isSafeInteger(offset) || offset < 0 || offset > log.endOffset) {
          throw new EmbeddedBusError(
            'VIGIA_BUS_OFFSET_OUT_OF_RANGE',
            `offset ${offset} is outside 0..${log.endOffset} of partition ${partition} of "${topic}"`,
            { groupId, topic, partition, offset, operation: 'setGroupOffsets' },
          );
        }
      }
      await host.groupOffsets.commit(groupId, topic, offsets);
    },
  };
}
