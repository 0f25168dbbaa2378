import { regionPrefixOf } from './keys.ts';
import { topics } from './registry.ts';
import type { CleanupPolicy } from './topic-definition.ts';
import { requireTopic, topicName, topicNames, type TopicName, type TopicNameOptions } from './topic-names.ts';

/** Structurally identical to `TopicSpec` of `@vigia/bus` (which depends on us, not the reverse). */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: CleanupPolicy;
  readonly retentionMs?: number;
  readonly replicationFactor?: number;
}

export interface TopicSpecsOptions extends TopicNameOptions {
  /** Subset of topics; all by default. */
  readonly topics?: readonly TopicName[];
  /**
   * Replication factor to request; adapters clamp it to the brokers they have.
   * Default 3: survives one broker down with `min.insync.replicas=2`.
   */
  readonly replicationFactor?: number;
}

export const defaultReplicationFactor = 3;

/** The specs `Bus.admin.ensureTopics` creates, from the registry, optionally in a replay namespace. */
export function topicSpecs(options: TopicSpecsOptions = {}): TopicSpec[] {
  return (options.topics ?? topicNames).map((base) => {
    const definition = topics[base];
    return {
      name: topicName(base, options),
      partitions: definition.partitions,
      cleanupPolicy: definition.cleanupPolicy,
      ...(definition.retentionMs === undefined ? {} : { retentionMs: definition.retentionMs }),
      replicationFactor: options.replicationFactor ?? defaultReplicationFactor,
    };
  });
}

/**
 * The string whose hash picks the partition of a record with this key on this
 * topic (namespaced names accepted), or `undefined` when the topic has a single
 * partition. Producers pass `partitionForKey(partitionKeyOf(topic, key), n)`
 * as the explicit partition; for `key` topics it equals the default placement.
 */
export function partitionKeyOf(physicalTopic: string, key: string): string | undefined {
  const { definition } = requireTopic(physicalTopic);
  switch (definition.key.partitionBy) {
    case 'key':
      return key;
    case 'region-prefix':
      return regionPrefixOf(key);
    case 'single-partition':
      return undefined;
  }
}

/** CloudEvents `type` of a value of a topic: `pe.vigia.<value.type>.v<topic version>`. */
export function cloudEventTypeOf(physicalTopic: string, valueType: string): string {
  const { base } = requireTopic(physicalTopic);
  return `pe.vigia.${valueType}.${topicVersionOf(base)}`;
}

/** Every CloudEvents type a topic carries. */
export function cloudEventTypesOf(base: TopicName): string[] {
  return topics[base].valueTypes.map((valueType) => cloudEventTypeOf(base, valueType));
}

function topicVersionOf(base: string): string {
  return base.slice(base.lastIndexOf('.') + 1);
}
