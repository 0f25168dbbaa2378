import { readCompacted, type Bus } from '@vigia/bus';
import { restoreState, type RestoredState } from '@vigia/indicators';
import type { Logger } from 'pino';

export interface RestoredBuckets extends RestoredState {
  /** Changelog records read (values and tombstones). */
  readonly records: number;
  readonly skipped: number;
}

/**
 * Rebuilds the aggregation state of one region partition from the same
 * partition of the compacted changelog (Kafka Streams' restore): the latest
 * record per key wins (the watermark record included) and a tombstone
 * removes the bucket. Only committed records are read, so the state is the
 * one of the last committed batch.
 */
export async function restoreBuckets(bus: Bus, changelogTopic: string, partition: number, logger: Logger): Promise<RestoredBuckets> {
  const read = await readCompacted(bus, changelogTopic, partition, 'vigia.aggregator.changelog.v1', logger);
  return { ...restoreState([...read.latest.values()]), records: read.records, skipped: read.skipped };
}
