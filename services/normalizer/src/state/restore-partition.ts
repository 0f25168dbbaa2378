import type { Bus } from '@vigia/bus';
import { currentEventOfChange, decodeTopicValue, eventIdOfChange, eventOwnerHeader, type CanonicalEvent } from '@vigia/schemas';
import type { Logger } from 'pino';

export interface RestoredPartition {
  readonly events: Map<string, CanonicalEvent>;
  /** The owner of each event id, from the `vigia-event-owner` header of its changes (absent on older records). */
  readonly owners: Map<string, string>;
  /** Records read from the canonical topic. */
  readonly records: number;
  /** Records that did not decode (skipped: nothing valid can be rebuilt from them). */
  readonly skipped: number;
}

/**
 * Rebuilds the latest version of every event of one partition by reading the
 * same partition of `vigia.events.v1` from its start: the last change of each
 * event id wins, a retraction removes the event. The owner of an id is read
 * from the headers of its changes, which carry it on every revision.
 */
export async function restorePartition(bus: Bus, eventsTopic: string, partition: number, logger: Logger): Promise<RestoredPartition> {
  const events = new Map<string, CanonicalEvent>();
  const owners = new Map<string, string>();
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
      const owner = record.headers[eventOwnerHeader];
      if (current === undefined) {
        events.delete(eventIdOfChange(change));
        owners.delete(eventIdOfChange(change));
      } else {
        events.set(current.eventId, current);
        if (owner !== undefined && owner !== '') owners.set(current.eventId, owner);
      }
    }
  }
  return { events, owners, records, skipped };
}
