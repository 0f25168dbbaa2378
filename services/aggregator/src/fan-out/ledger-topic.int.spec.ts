/** The fan-out ledger restored from what its batches wrote equals the ledger that wrote it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus, runStageBatch, type ConsumedRecord } from '@vigia/bus';
import { createChangeLedger, longestWindowDays } from '@vigia/indicators';
import { encodeTopicValue, type EventChange } from '@vigia/schemas';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { incident, pichari, recorded, revised } from '../testing/event-changes.ts';
import { fanOutDefinition } from './fan-out-transform.ts';
import { restoreLedger } from './ledger-topic.ts';

const silent = pino({ level: 'silent' });

describe('restoreLedger', () => {
  it('rebuilds the entries, evictions and stream day the fan-out wrote to vigia.aggregator.ledger.v1', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigia-ledger-'));
    const bus = await createEmbeddedBus({ dataDir, logger: silent, fsync: 'never' });
    onTestFinished(async () => {
      await bus.close();
      await rm(dataDir, { recursive: true, force: true });
    });
    const topics = { ledger: 'vigia.aggregator.ledger.v1', contributions: 'vigia.contributions.v1' };
    await bus.admin.ensureTopics([
      { name: topics.ledger, partitions: 1, cleanupPolicy: 'compact' },
      { name: topics.contributions, partitions: 1, cleanupPolicy: 'delete' },
    ]);
    const definition = fanOutDefinition({
      contributions: { name: topics.contributions, partitions: 1 },
      ledgerTopic: topics.ledger,
      targetRegions: (code) => [{ code, level: 'district' }],
      fanOutOptions: {},
      restore: async () => createChangeLedger(),
    });
    const ledger = createChangeLedger({ dailyRetentionDays: longestWindowDays });
    let offset = 0;
    const record = (change: EventChange): ConsumedRecord => ({
      topic: 'vigia.events.v1',
      partition: 0,
      offset: offset++,
      key: 'k',
      value: encodeTopicValue('vigia.events.v1', change),
      headers: {},
      timestampMs: 0,
    });
    const old = incident({ eventId: 'old', day: '2023-01-01', ubigeo: pichari });
    const kept = incident({ eventId: 'kept', day: '2023-06-02', ubigeo: pichari });
    const batches: EventChange[][] = [
      [recorded(old), recorded(kept)],
      [revised(kept, incident({ eventId: 'kept', revision: 2, day: '2023-06-02', ubigeo: pichari, civiliansKilled: 1 }))],
      // Moves the stream day past the expiry of 'old' (365 days), not of 'kept'.
      [recorded(incident({ eventId: 'new', day: '2024-03-02', ubigeo: pichari }))],
    ];
    for (const changes of batches) {
      const run = await runStageBatch(definition, ledger, changes.map(record), 'committed');
      const outputs = [...run.outcomes.flatMap((outcome) => ('outputs' in outcome ? outcome.outputs : [])), ...run.finished];
      await bus.produce(outputs.filter((output) => output.topic === topics.ledger));
    }

    const restored = await restoreLedger(bus, topics.ledger, 0, silent);
    expect(restored.streamDay).toBe(ledger.streamDay);
    expect(new Map(restored.entries)).toEqual(new Map(ledger.entries));
    expect([...restored.entries.keys()].sort()).toEqual(['kept', 'new']);
  });
});
