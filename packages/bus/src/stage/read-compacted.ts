import { decodeTopicValue, type TopicName, type TopicValue } from '@vigia/schemas';
import type { Logger } from 'pino';
import type { Bus } from '../port.ts';

/** A compacted partition as a stage restores it. */
export interface CompactedPartition<T> {
  /** The latest decoded value per key; a tombstone removed its key. */
  readonly latest: Map<string, T>;
  /** Records read, tombstones included. */
  readonly records: number;
  /** Keyless records and values that did not decode. */
  readonly skipped: number;
}

/**
 * Reads one partition of a compacted state topic the way compaction leaves
 * it — the last record per key wins and a tombstone removes the key — so the
 * result is the same whether or not the log was compacted yet (Kafka never
 * compacts the active segment; the embedded log never compacts). Only
 * committed records are read: the state of the writer's last committed batch.
 * Values stay encoded, for stages that decode an entry only when they need it.
 */
export async function readCompactedBytes(bus: Bus, topic: string, partition: number): Promise<CompactedPartition<Uint8Array>> {
  const latest = new Map<string, Uint8Array>();
  let records = 0;
  let skipped = 0;
  for await (const chunk of bus.readPartition(topic, partition)) {
    for (const record of chunk) {
      records += 1;
      if (record.key === null) skipped += 1;
      else if (record.value === null) latest.delete(record.key);
      else latest.set(record.key, record.value);
    }
  }
  return { latest, records, skipped };
}

/**
 * `readCompactedBytes`, then the latest value of each key decoded with the
 * registered topic's schema (`base`): values overwritten later are never
 * decoded. A latest value that does not decode is skipped with a warning
 * rather than failing the restore.
 */
export async function readCompacted<Name extends TopicName>(
  bus: Bus,
  topic: string,
  partition: number,
  base: Name,
  logger?: Logger,
): Promise<CompactedPartition<TopicValue<Name>>> {
  const read = await readCompactedBytes(bus, topic, partition);
  const latest = new Map<string, TopicValue<Name>>();
  let skipped = read.skipped;
  for (const [key, value] of read.latest) {
    const decoded = decodeTopicValue(base, value);
    if (decoded.ok) latest.set(key, decoded.value);
    else {
      skipped += 1;
      logger?.warn({ topic, partition, key }, 'skipping an undecodable state record while restoring');
    }
  }
  return { latest, records: read.records, skipped };
}
