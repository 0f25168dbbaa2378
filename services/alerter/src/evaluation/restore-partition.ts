import { partitionForKey, readCompacted, type Bus } from '@vigia/bus';
import { restoreState, type AlertEntry, type EngineState, type Silence } from '@vigia/rules';
import { decodeTopicValue, type AlertAction } from '@vigia/schemas';
import type { Logger } from 'pino';
import { entryOf } from './state-record.ts';

/** Which entries a stage owns on partition `p`: region-keyed entries, or single-event entries by event id. */
export type EntryFilter = (entry: AlertEntry, partition: number, partitions: number) => boolean;

export const regionEntries: EntryFilter = (entry) => entry.labels['event_id'] === undefined;
export const eventEntries: EntryFilter = (entry, partition, partitions) => {
  const eventId = entry.labels['event_id'];
  return eventId !== undefined && partitionForKey(eventId, partitions) === partition;
};

/** The latest entry per `region|fingerprint` key of the given state partitions (tombstones forget). */
export async function readEntries(bus: Bus, stateTopic: string, statePartitions: readonly number[], log: Logger): Promise<AlertEntry[]> {
  const entries: AlertEntry[] = [];
  let skipped = 0;
  for (const partition of statePartitions) {
    const read = await readCompacted(bus, stateTopic, partition, 'vigia.alert-state.v1', log);
    for (const record of read.latest.values()) {
      const entry = entryOf(record);
      // A record without a readable engine entry (written before entries were kept) cannot be restored.
      if (entry === undefined) skipped += 1;
      else entries.push(entry);
    }
  }
  if (skipped > 0) log.warn({ stateTopic, skipped }, 'alert-state records without a readable engine entry were skipped');
  return entries;
}

/**
 * Silences in force, rebuilt from the whole actions topic (one partition,
 * kept forever). Forwarded actions applied later are idempotent for silences.
 */
export async function readSilences(bus: Bus, actionsTopic: string): Promise<Silence[]> {
  const silences = new Map<string, Silence>();
  for await (const chunk of bus.readPartition(actionsTopic, 0)) {
    for (const record of chunk) {
      if (record.value === null) continue;
      const decoded = decodeTopicValue('vigia.alert-actions.v1', record.value);
      if (decoded.ok) applySilence(silences, decoded.value);
    }
  }
  return [...silences.values()];
}

function applySilence(silences: Map<string, Silence>, action: AlertAction): void {
  if (action.type === 'silence.created') {
    silences.set(action.silenceId, {
      silenceId: action.silenceId,
      matchers: action.matchers,
      until: action.until,
      createdBy: action.by,
      comment: action.comment,
    });
  } else if (action.type === 'silence.removed') {
    silences.delete(action.silenceId);
  }
}

/** The engine state of one input partition: its entries and every silence. */
export function stateOf(entries: readonly AlertEntry[], silences: readonly Silence[], nowMs: number): EngineState {
  // Expired silences are history; the engine would drop them on its next tick anyway.
  return restoreState(
    entries,
    silences.filter((silence) => Date.parse(silence.until) > nowMs),
  );
}
