import { readCompactedBytes, type Bus } from '@vigia/bus';
import type { Logger } from 'pino';
import { EventState } from './event-state.ts';

/**
 * Rebuilds one partition's state from the same partition of the compacted
 * `vigia.normalizer.state.v1`: the latest version of each event, left
 * encoded until a report about the event arrives (see `EventState`). Its cost
 * follows the number of events, not the number of changes ever made.
 */
export async function restorePartition(bus: Bus, stateTopic: string, partition: number, logger: Logger): Promise<EventState> {
  const read = await readCompactedBytes(bus, stateTopic, partition);
  logger.info({ topic: stateTopic, partition, events: read.latest.size, records: read.records, skipped: read.skipped }, 'normalizer state read');
  return new EventState(read.latest);
}
