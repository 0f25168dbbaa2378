import { partitionForKey, type OutgoingRecord } from '@vigia/bus';
import type { BucketRecord, IndicatorRecord } from '@vigia/indicators';
import {
  cloudEventHeaders,
  cloudEventTypeOf,
  contentEventId,
  encodeTopicValue,
  partitionKeyOf,
  schemaIdOf,
  watermarkKey,
  type Contribution,
} from '@vigia/schemas';

/** CloudEvents `source` of everything the aggregator produces. */
export const aggregatorEventSource = '/vigia/aggregator';

/** Physical names and partition counts of the topics a stage writes; resolved once at start. */
export interface TopicLayout {
  readonly name: string;
  readonly partitions: number;
}

/**
 * The partition of a record on a region-partitioned topic: the hash of the
 * region part of its key, so a region lives on the same partition number in
 * contributions, changelog and indicators (the registry's `region-prefix`).
 */
export function partitionOf(topic: TopicLayout, key: string): number {
  const partitionKey = partitionKeyOf(topic.name, key);
  return partitionKey === undefined ? 0 : partitionForKey(partitionKey, topic.partitions);
}

/** A contribution on `vigia.contributions.v1`, keyed by its target region; `sequence` keeps CloudEvents ids unique per change. */
export function contributionRecord(topic: TopicLayout, contribution: Contribution, sequence: number, time: string): OutgoingRecord {
  const key = contribution.target.code;
  return {
    topic: topic.name,
    key,
    partition: partitionOf(topic, key),
    value: encodeTopicValue('vigia.contributions.v1', contribution),
    headers: cloudEventHeaders({
      // Stable across retries of the same change, so a consumer that sees it twice can tell.
      id: `${contribution.eventId}@${contribution.revision}#${sequence}`,
      source: aggregatorEventSource,
      type: cloudEventTypeOf(topic.name, contribution.type),
      time,
      subject: key,
      dataschema: schemaIdOf('vigia.contributions.v1'),
    }),
  };
}

/**
 * The fan-out's watermark, one record per partition of
 * `vigia.contributions.v1` (explicit partition): every aggregate partition
 * must see it, whichever regions it owns. `source` names the fan-out's input
 * partition so CloudEvents ids stay distinct per record.
 */
export function watermarkRecords(topic: TopicLayout, day: string, inputPartition: number): OutgoingRecord[] {
  return Array.from({ length: topic.partitions }, (_, partition) => ({
    topic: topic.name,
    key: watermarkKey,
    partition,
    value: encodeTopicValue('vigia.contributions.v1', { type: 'watermark.advanced', day }),
    headers: cloudEventHeaders({
      id: `watermark@${day}#${inputPartition}>${partition}`,
      source: aggregatorEventSource,
      type: cloudEventTypeOf(topic.name, 'watermark.advanced'),
      time: `${day}T00:00:00Z`,
      subject: watermarkKey,
      dataschema: schemaIdOf('vigia.contributions.v1'),
    }),
  }));
}

/** An aggregate partition's watermark on its own changelog partition, for its restore. */
export function watermarkChangelogOutgoing(topic: TopicLayout, partition: number, day: string): OutgoingRecord {
  return {
    topic: topic.name,
    key: watermarkKey,
    partition,
    value: encodeTopicValue('vigia.aggregator.changelog.v1', { type: 'watermark.advanced', day }),
    headers: cloudEventHeaders({
      id: `watermark@${day}#${partition}`,
      source: aggregatorEventSource,
      type: cloudEventTypeOf(topic.name, 'watermark.advanced'),
      time: `${day}T00:00:00Z`,
      subject: watermarkKey,
      dataschema: schemaIdOf('vigia.aggregator.changelog.v1'),
    }),
  };
}

/** A bucket update (or tombstone) on `vigia.aggregator.changelog.v1`. */
export function bucketOutgoing(topic: TopicLayout, record: BucketRecord): OutgoingRecord {
  const base = { topic: topic.name, key: record.key, partition: partitionOf(topic, record.key) };
  if (record.value === null) return { ...base, value: null };
  const value = encodeTopicValue('vigia.aggregator.changelog.v1', record.value);
  return {
    ...base,
    value,
    headers: cloudEventHeaders({
      // One batch can change a bucket twice at one stream time: the digest keeps the ids apart.
      id: contentEventId(`${record.key}@${record.value.streamTime}`, value),
      source: aggregatorEventSource,
      type: cloudEventTypeOf(topic.name, record.value.type),
      time: `${record.day}T00:00:00Z`,
      subject: record.key,
      dataschema: schemaIdOf('vigia.aggregator.changelog.v1'),
    }),
  };
}

/** An indicator value (or tombstone: "no data any more") on `vigia.indicators.v1`. */
export function indicatorOutgoing(topic: TopicLayout, record: IndicatorRecord): OutgoingRecord {
  const base = { topic: topic.name, key: record.key, partition: partitionOf(topic, record.key) };
  if (record.value === null) return { ...base, value: null };
  const value = encodeTopicValue('vigia.indicators.v1', record.value);
  return {
    ...base,
    value,
    headers: cloudEventHeaders({
      id: contentEventId(`${record.key}@${record.value.asOf}`, value),
      source: aggregatorEventSource,
      type: cloudEventTypeOf(topic.name, record.value.type),
      // Event time, never the wall clock: a replay writes the same headers.
      time: `${record.value.asOf}T00:00:00Z`,
      subject: record.key,
      dataschema: schemaIdOf('vigia.indicators.v1'),
    }),
  };
}
