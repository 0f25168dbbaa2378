import { readCompacted, type Bus, type OutgoingRecord } from '@vigia/bus';
import { restoreChangeLedger, type ChangeLedger, type LedgerEntry } from '@vigia/indicators';
import { encodeTopicValue } from '@vigia/schemas';
import type { Logger } from 'pino';

/** Key of a partition's stream-day record; `~` is not allowed in event ids, so it never names an entry. */
export const streamDayKey = '~stream-day';

/** An entry of the ledger (or its tombstone once forgotten), on the events record's partition. */
export function ledgerEntryRecord(topic: string, partition: number, eventId: string, entry: LedgerEntry | undefined): OutgoingRecord {
  if (entry === undefined) return { topic, key: eventId, partition, value: null };
  return {
    topic,
    key: eventId,
    partition,
    value: encodeTopicValue('vigia.aggregator.ledger.v1', {
      type: 'ledger.entry',
      eventId,
      added: [...entry.added],
      subtracted: [...entry.subtracted],
      expiresOnDay: entry.expiresOn,
    }),
  };
}

/** The stream day a partition's ledger has reached. */
export function streamDayRecord(topic: string, partition: number, streamDay: number): OutgoingRecord {
  return {
    topic,
    key: streamDayKey,
    partition,
    value: encodeTopicValue('vigia.aggregator.ledger.v1', { type: 'ledger.stream-day', streamDay, partition }),
  };
}

/**
 * Rebuilds the change ledger of one `vigia.events.v1` partition from the same
 * partition of the compacted `vigia.aggregator.ledger.v1`: the latest record
 * per key wins, a tombstone forgets an entry. Only committed records are
 * read, so this is the ledger of the last committed batch, and its cost
 * follows the entries the ledger keeps, not the changes ever made.
 */
export async function restoreLedger(bus: Bus, ledgerTopic: string, partition: number, logger: Logger): Promise<ChangeLedger> {
  const read = await readCompacted(bus, ledgerTopic, partition, 'vigia.aggregator.ledger.v1', logger);
  const entries = new Map<string, LedgerEntry>();
  let streamDay: number | undefined;
  for (const value of read.latest.values()) {
    if (value.type === 'ledger.stream-day') streamDay = value.streamDay;
    else entries.set(value.eventId, { added: value.added, subtracted: value.subtracted, expiresOn: value.expiresOnDay });
  }
  logger.info({ topic: ledgerTopic, partition, entries: entries.size, records: read.records, skipped: read.skipped }, 'fan-out ledger read');
  return restoreChangeLedger(entries, streamDay);
}
