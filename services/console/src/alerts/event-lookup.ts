import { partitionForKey, type Bus } from '@vigia/bus';
import { decodeTopicValue, eventIdOfChange, type CanonicalEvent } from '@vigia/schemas';

/** An event as the evidence of an alert shows it: its latest revision, or that it was withdrawn. */
export interface EvidenceEvent {
  readonly eventId: string;
  readonly event: CanonicalEvent | null;
  readonly retracted?: { readonly at: string; readonly reason: string };
}

/**
 * The events behind an alert, read from `vigia.events.v1` on request: each
 * event id lives on the partition its key hashes to, so only those partitions
 * are read (an alert cites at most 200 events). Not kept in memory: evidence
 * is opened now and then, the event log is large.
 */
export async function lookUpEvents(bus: Bus, eventsTopic: string, eventIds: readonly string[]): Promise<EvidenceEvent[]> {
  const ends = await bus.admin.endOffsets(eventsTopic);
  const partitions = ends.filter((end) => end.offset > 0);
  const count = ends.length;
  const wanted = new Set(eventIds);
  const found = new Map<string, EvidenceEvent>();
  const toRead = new Set(eventIds.map((id) => partitionForKey(id, count)));
  for (const { partition } of partitions) {
    if (!toRead.has(partition)) continue;
    for await (const chunk of bus.readPartition(eventsTopic, partition)) {
      for (const record of chunk) {
        if (record.key === null || !wanted.has(record.key) || record.value === null) continue;
        const decoded = decodeTopicValue('vigia.events.v1', record.value);
        if (!decoded.ok) continue;
        const change = decoded.value;
        const eventId = eventIdOfChange(change);
        // Later records of an event replace earlier ones: the latest revision wins.
        if (change.type === 'event.recorded') found.set(eventId, { eventId, event: change.event });
        else if (change.type === 'event.revised') found.set(eventId, { eventId, event: change.current });
        else found.set(eventId, { eventId, event: change.previous, retracted: { at: change.retractedAt, reason: change.reason } });
      }
    }
  }
  return eventIds.map((eventId) => found.get(eventId) ?? { eventId, event: null });
}
