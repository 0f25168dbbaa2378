import { readCompacted, type Bus } from '@vigia/bus';
import type { Logger } from 'pino';
import { EventState } from './event-state.ts';

/**
 * Rebuilds one partition's state from the same partition of the compacted
 * `vigia.normalizer.state.v1`: the latest version of each event. Its cost
 * follows the number of events, not the number of changes ever made.
 */
export async function restorePartition(bus: Bus, stateTopic: string, partition: number, logger: Logger): Promise<EventState> {
  const read = await readCompacted(bus, stateTopic, partition, 'vigia.normalizer.state.v1', logger);
  logger.info({ topic: stateTopic, partition, events: read.latest.size, records: read.records, skipped: read.skipped }, 'normalizer state read');
  return new EventState(new Map([...read.latest].map(([eventId, state]) => [eventId, state.event])));
}
