import type { Bus } from '@vigia/bus';
import { currentEventOfChange, decodeTopicValue, eventIdOfChange, type CanonicalEvent } from '@vigia/schemas';
import type { Logger } from 'pino';

export interface RestoredPartition {
  readonly events: Map<string, CanonicalEvent>;
  /** Records read from the canonical topic. */
  readonly records: number;
  /** Records that did not decode (skipped: nothing valid can be rebuilt from them). */
  readonly skipped: number;
}

/**
 * Rebuilds the latest version of every event of one partition by reading the
 * same partition of `vigia.events.v1` from its start: the last change of each
 * event id wins, a retraction removes the event.
 */
export async function restorePartition(bus: Bus, eventsTopic: string, partition: number, logger: Logger): Promise<RestoredPartition> {
  const events = new Map<string, CanonicalEvent>();
  let records = 0;
  let skipped = 0;
  for await (const chunk of bus.readPartition(eventsTopic, partition)) {
    for (const record of chunk) {
      records += 1;
      const decoded = record.value === null ? undefined : decodeTopicValue('vigia.events.v1', record.value);
      if (decoded === undefined || !decoded.ok) {
        skipped += 1;
        logger.warn({ topic: eventsTopic, partition, offset: record.offset }, 'skipping an undecodable record while restoring');
        continue;
      }
      const change = decoded.value;
      const current = currentEventOfChange(change);
      if (current === undefined) events.delete(eventIdOfChange(change));
      else events.set(current.eventId, current);
    }
  }
  return { events, records, skipped };
}
