import type { z } from 'zod';

export type CleanupPolicy = 'delete' | 'compact';

/**
 * How a record's partition is chosen. `key`: Kafka's default, murmur2 of the
 * whole key. `region-prefix`: murmur2 of the region code before the first `|`,
 * passed as an explicit partition — so every region-scoped topic puts a region
 * on the same partition number while compacted keys still name the whole
 * identity (`region|metric|window`).
 */
export type PartitionBy = 'key' | 'region-prefix' | 'single-partition';

/** Keeps records forever (Kafka `retention.ms=-1`). */
export const retainForever = -1;

const dayMs = 86_400_000;
export const retentionDays = (days: number): number => days * dayMs;

/** Everything the registry knows about one topic. */
export interface TopicDefinition<Schema extends z.ZodType = z.ZodType, Name extends string = string> {
  /** Versioned base name, `vigia.<what>.v<N>`; a breaking change is a new name. */
  readonly name: Name;
  readonly title: string;
  readonly description: string;
  readonly key: {
    /** Short form for tables, e.g. `eventId`, `region|metric|window`. */
    readonly format: string;
    /** What the key is and how it is built. */
    readonly description: string;
    readonly example: string;
    readonly partitionBy: PartitionBy;
  };
  readonly valueSchema: Schema;
  /** The `type` values the topic carries; each maps to a CloudEvents type. */
  readonly valueTypes: readonly string[];
  /** Whether null values (tombstones) are part of the contract. */
  readonly tombstones: boolean;
  readonly partitions: number;
  readonly partitionsWhy: string;
  readonly cleanupPolicy: CleanupPolicy;
  /** `-1` keeps records forever; `undefined` for compacted topics (no time-based deletion). */
  readonly retentionMs?: number;
  readonly retentionWhy: string;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
}

/** Identity function that keeps the schema's type for `decodeTopicValue` and friends. */
export function defineTopic<const Name extends string, Schema extends z.ZodType>(definition: TopicDefinition<Schema, Name>): TopicDefinition<Schema, Name> {
  return Object.freeze(definition);
}
