import type { Bus } from '@vigia/bus';
import { restoreState, type RestoredState } from '@vigia/indicators';
import { decodeTopicValue, type ChangelogValue } from '@vigia/schemas';
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
 * removes the bucket. Only committed
 * records are read, so the state is the one of the last committed batch.
 */
export async function restoreBuckets(bus: Bus, changelogTopic: string, partition: number, logger: Logger): Promise<RestoredBuckets> {
  const latest = new Map<string, ChangelogValue | null>();
  let records = 0;
  let skipped = 0;
  for await (const chunk of bus.readPartition(changelogTopic, partition)) {
    for (const record of chunk) {
      records += 1;
      if (record.key === null) {
        skipped += 1;
        continue;
      }
      if (record.value === null) {
        latest.set(record.key, null);
        continue;
      }
      const decoded = decodeTopicValue('vigia.aggregator.changelog.v1', record.value);
      if (!decoded.ok) {
        skipped += 1;
        logger.warn({ topic: changelogTopic, partition, offset: record.offset }, 'skipping an undecodable bucket while restoring');
        continue;
      }
      latest.set(record.key, decoded.value);
    }
  }
  const live = [...latest.values()].filter((value): value is ChangelogValue => value !== null);
  return { ...restoreState(live), records, skipped };
}
