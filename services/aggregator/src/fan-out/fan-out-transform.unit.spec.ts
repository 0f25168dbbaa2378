import { runStageBatch, type ConsumedRecord, type OutgoingRecord } from '@vigia/bus';
import { createChangeLedger, longestWindowDays, type ChangeLedger } from '@vigia/indicators';
import { decodeTopicValue, encodeTopicValue, type EventChange, type RegionRef } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { incident, pichari, recorded } from '../testing/event-changes.ts';
import { fanOutDefinition } from './fan-out-transform.ts';
import { streamDayKey } from './ledger-topic.ts';

const contributions = { name: 'vigia.contributions.v1', partitions: 12 };
const ledgerTopic = 'vigia.aggregator.ledger.v1';
const context = { topic: 'vigia.events.v1', partition: 5 };
const district: RegionRef = { code: pichari, level: 'district' };

const definition = fanOutDefinition({
  contributions,
  ledgerTopic,
  targetRegions: () => [district],
  fanOutOptions: {},
  restore: async () => createChangeLedger(),
});

let offset = 0;
const record = (change: EventChange): ConsumedRecord => ({
  ...context,
  offset: offset++,
  key: 'k',
  value: encodeTopicValue('vigia.events.v1', change),
  headers: {},
  timestampMs: 0,
});

/** One batch through the hooks in the scaffold's order: every output, the finish's last. */
async function batchOf(ledger: ChangeLedger, changes: readonly EventChange[], end: 'committed' | 'aborted'): Promise<OutgoingRecord[]> {
  const run = await runStageBatch(definition, ledger, changes.map(record), end);
  return [
    ...run.outcomes.flatMap((outcome) => {
      if ('reject' in outcome) throw new Error(outcome.reject.message);
      return outcome.outputs;
    }),
    ...run.finished,
  ];
}

/** The batch's outputs, summarised: watermarks per day and partition count, ledger keys with entry or tombstone. */
function summary(outputs: readonly OutgoingRecord[]) {
  const watermarks = new Map<string, number[]>();
  const ledger: string[] = [];
  for (const output of outputs) {
    if (output.topic === contributions.name) {
      const decoded = decodeTopicValue('vigia.contributions.v1', output.value!);
      if (decoded.ok && decoded.value.type === 'watermark.advanced')
        watermarks.set(decoded.value.day, [...(watermarks.get(decoded.value.day) ?? []), output.partition!]);
    } else if (output.topic === ledgerTopic) {
      expect(output.partition).toBe(context.partition);
      ledger.push(`${output.key}${output.value === null ? ' (tombstone)' : ''}`);
    }
  }
  return { watermarks: Object.fromEntries([...watermarks].map(([day, partitions]) => [day, partitions.length])), ledger: ledger.sort() };
}

const atDay = (eventId: string, day: string) => recorded(incident({ eventId, day, ubigeo: pichari }));

describe('the fan-out stage definition', () => {
  it('broadcasts the stream day to every contributions partition and writes the ledger only when the batch moved it', async () => {
    const ledger = createChangeLedger();
    expect(summary(await batchOf(ledger, [atDay('a', '2024-03-01'), atDay('b', '2024-03-02')], 'committed'))).toEqual({
      watermarks: { '2024-03-02': 12 },
      ledger: [streamDayKey, 'a', 'b'].sort(),
    });
    // A late event and a duplicate move no time: entries only.
    expect(summary(await batchOf(ledger, [atDay('c', '2024-02-01'), atDay('a', '2024-03-01')], 'committed'))).toEqual({ watermarks: {}, ledger: ['a', 'c'] });
  });

  it('tombstones the entries a stream-day move evicts, reading only the expiry days it crossed', async () => {
    const ledger = createChangeLedger({ dailyRetentionDays: longestWindowDays });
    // Expiry 365 days after each day: 'old' on 2024-01-01, 'kept' on 2024-06-01.
    await batchOf(ledger, [atDay('old', '2023-01-01'), atDay('kept', '2023-06-02')], 'committed');
    const outputs = await batchOf(ledger, [atDay('new', '2024-03-02')], 'committed');
    expect(summary(outputs)).toEqual({ watermarks: { '2024-03-02': 12 }, ledger: [streamDayKey, 'new', 'old (tombstone)'].sort() });
    expect([...ledger.entries.keys()].sort()).toEqual(['kept', 'new']);
  });

  it('finds the evicted entries day by day when the stream day moves fewer days than the index holds', async () => {
    const ledger = createChangeLedger({ dailyRetentionDays: longestWindowDays });
    const days = Array.from({ length: 365 }, (_, index) => new Date(Date.UTC(2023, 0, 1 + index)).toISOString().slice(0, 10));
    await batchOf(
      ledger,
      days.map((day) => atDay(`e-${day}`, day)),
      'committed',
    );
    expect(ledger.entries.size).toBe(365);
    expect(summary(await batchOf(ledger, [atDay('new', '2024-01-02')], 'committed'))).toEqual({
      watermarks: { '2024-01-02': 12 },
      ledger: [streamDayKey, 'e-2023-01-01 (tombstone)', 'e-2023-01-02 (tombstone)', 'new'].sort(),
    });
  });

  it('leaves the ledger of the last committed batch when a batch aborts, so its redelivery writes the same records', async () => {
    const ledger = createChangeLedger({ dailyRetentionDays: longestWindowDays });
    await batchOf(ledger, [atDay('old', '2023-01-01')], 'committed');
    const batch = [atDay('new', '2024-06-01')];
    const aborted = await batchOf(ledger, batch, 'aborted');
    expect([...ledger.entries.keys()]).toEqual(['old']);
    expect(ledger.streamDay).toBe(Date.parse('2023-01-01') / 86_400_000);
    expect(summary(await batchOf(ledger, batch, 'committed'))).toEqual(summary(aborted));
    expect(summary(aborted).ledger).toEqual([streamDayKey, 'new', 'old (tombstone)'].sort());
  });
});
