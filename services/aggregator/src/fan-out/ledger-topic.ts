import { readCompactedBytes, type Bus, type OutgoingRecord } from '@vigia/bus';
import { restoreChangeLedger, type ChangeLedger, type LedgerEntry } from '@vigia/indicators';
import { decodeTopicValue, encodeTopicValue, type FanOutLedgerRecord } from '@vigia/schemas';
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
