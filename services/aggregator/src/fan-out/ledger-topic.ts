import { readCompactedBytes, type Bus, type OutgoingRecord } from '@vigia/bus';
import { isoDayOf, restoreChangeLedger, type ChangeLedger, type LedgerEntry } from '@vigia/indicators';
import { cloudEventHeaders, cloudEventTypeOf, contentEventId, decodeTopicValue, encodeTopicValue, schemaIdOf, type FanOutLedgerRecord } from '@vigia/schemas';
import { aggregatorEventSource } from '../output-records.ts';
import type { Logger } from 'pino';

/** Key of a partition's stream-day record; `~` is not allowed in event ids, so it never names an entry. */
export const streamDayKey = '~stream-day';

/**
 * CloudEvents `time` of a ledger record: the partition's stream day (event
 * time, never the wall clock), or the epoch before its first daily event.
 */
function ledgerTime(streamDay: number | undefined): string {
  return `${streamDay === undefined ? '1970-01-01' : isoDayOf(streamDay)}T00:00:00Z`;
}

function ledgerHeaders(topic: string, type: FanOutLedgerRecord['type'], id: string, subject: string, streamDay: number | undefined): Record<string, string> {
  return cloudEventHeaders({
    id,
    source: aggregatorEventSource,
    type: cloudEventTypeOf(topic, type),
    time: ledgerTime(streamDay),
    subject,
    dataschema: schemaIdOf('vigia.aggregator.ledger.v1'),
  });
}

/**
 * An entry of the ledger (or its tombstone once forgotten), on the events
 * record's partition, written when the partition's stream day was `streamDay`.
 */
export function ledgerEntryRecord(
  topic: string,
  partition: number,
  eventId: string,
  entry: LedgerEntry | undefined,
  streamDay: number | undefined,
): OutgoingRecord {
  if (entry === undefined) return { topic, key: eventId, partition, value: null };
  const value = encodeTopicValue('vigia.aggregator.ledger.v1', {
    type: 'ledger.entry',
    eventId,
    added: [...entry.added],
    subtracted: [...entry.subtracted],
    expiresOnDay: entry.expiresOn,
  });
  // The digest keeps ids apart: one event's entry changes with each revision counted.
  return {
    topic,
    key: eventId,
    partition,
    value,
    headers: ledgerHeaders(topic, 'ledger.entry', contentEventId(`${eventId}:ledger`, value), eventId, streamDay),
  };
}

/** The stream day a partition's ledger has reached. */
export function streamDayRecord(topic: string, partition: number, streamDay: number): OutgoingRecord {
  return {
    topic,
    key: streamDayKey,
    partition,
    value: encodeTopicValue('vigia.aggregator.ledger.v1', { type: 'ledger.stream-day', streamDay, partition }),
    headers: ledgerHeaders(topic, 'ledger.stream-day', `${streamDayKey}@${streamDay}#${partition}`, streamDayKey, streamDay),
  };
}

/**
 * Rebuilds the change ledger of one `vigia.events.v1` partition from the same
 * partition of the compacted `vigia.aggregator.ledger.v1`: the latest record
 * per key wins, a tombstone forgets an entry. Only committed records are
 * read, so this is the ledger of the last committed batch, and its cost
 * follows the entries the ledger keeps, not the changes ever made. Each
 * latest value is decoded once, straight into the ledger: no map of decoded
 * values in between (a restore of 10⁶ entries spends most of its time here).
 */
export async function restoreLedger(bus: Bus, ledgerTopic: string, partition: number, logger: Logger): Promise<ChangeLedger> {
  const read = await readCompactedBytes(bus, ledgerTopic, partition);
  let skipped = read.skipped;
  const decode = (key: string, bytes: Uint8Array): FanOutLedgerRecord | undefined => {
    const decoded = decodeTopicValue('vigia.aggregator.ledger.v1', bytes);
    if (decoded.ok) return decoded.value;
    skipped += 1;
    logger.warn({ topic: ledgerTopic, partition, key }, 'skipping an undecodable ledger record while restoring');
    return undefined;
  };
  // The stream day first: restoreChangeLedger drops the entries it has already expired.
  const dayBytes = read.latest.get(streamDayKey);
  const day = dayBytes === undefined ? undefined : decode(streamDayKey, dayBytes);
  const streamDay = day?.type === 'ledger.stream-day' ? day.streamDay : undefined;
  let entries = 0;
  function* decodedEntries(): Generator<[string, LedgerEntry]> {
    for (const [key, bytes] of read.latest) {
      if (key === streamDayKey) continue;
      const value = decode(key, bytes);
      if (value?.type !== 'ledger.entry') continue;
      entries += 1;
      yield [value.eventId, { added: value.added, subtracted: value.subtracted, expiresOn: value.expiresOnDay }];
    }
  }
  const ledger = restoreChangeLedger(decodedEntries(), streamDay);
  logger.info({ topic: ledgerTopic, partition, entries, kept: ledger.entries.size, records: read.records, skipped }, 'fan-out ledger read');
  return ledger;
}
