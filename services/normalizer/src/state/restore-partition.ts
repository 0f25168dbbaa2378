import type { Bus } from '@vigia/bus';
import { decodeTopicValue, type CanonicalEvent } from '@vigia/schemas';
import type { Logger } from 'pino';
import { EventState } from './event-state.ts';

/**
 * Rebuilds one partition's state from the same partition of the compacted
 * `vigia.normalizer.state.v1`: the last record per event id wins, a
 * tombstone forgets the event. Only committed records are read, so this is
 * the state of the last committed batch; its cost follows the number of
 * events, not the number of changes ever made.
 */
export async function restorePartition(bus: Bus, stateTopic: string, partition: number, logger: Logger): Promise<EventState> {
  const events = new Map<string, CanonicalEvent>();
  let records = 0;
  let skipped = 0;
  for await (const chunk of bus.readPartition(stateTopic, partition)) {
    for (const record of chunk) {
      records += 1;
      if (record.key === null) {
        skipped += 1;
        continue;
      }
      if (record.value === null) {
        events.delete(record.key);
        continue;
      }
      const decoded = decodeTopicValue('vigia.normalizer.state.v1', record.value);
      if (!decoded.ok) {
        skipped += 1;
        logger.warn({ topic: stateTopic, partition, offset: record.offset }, 'skipping an undecodable state record while restoring');
        continue;
      }
      events.set(record.key, decoded.value.event);
    }
  }
  logger.info({ topic: stateTopic, partition, events: events.size, records, skipped }, 'normalizer state read');
  return new EventState(events);
}
