/** Ownership survives a restart: it is restored with each event from `vigia.normalizer.state.v1` (issue 13). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus, runStageBatch, type ConsumedRecord } from '@vigia/bus';
import { encodeJson, ingestKeyRoleHeader } from '@vigia/schemas';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { normalizerDefinition } from '../stage/normalizer-transform.ts';
import { massKilling } from '../testing/mixed-batch.ts';
import { EventState } from './event-state.ts';
import { restorePartition } from './restore-partition.ts';

const silent = pino({ level: 'silent' });

describe('restorePartition', () => {
  it("rebuilds each event's latest version and owner from the state topic, which an editor's override does not change", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigia-restore-'));
    const bus = await createEmbeddedBus({ dataDir, logger: silent, fsync: 'never' });
    onTestFinished(async () => {
      await bus.close();
      await rm(dataDir, { recursive: true, force: true });
    });
    const topics = { events: 'vigia.events.v1', state: 'vigia.normalizer.state.v1' };
    await bus.admin.ensureTopics([
      { name: topics.events, partitions: 1, cleanupPolicy: 'delete' },
      { name: topics.state, partitions: 1, cleanupPolicy: 'compact' },
    ]);
    const state = new EventState();
    const definition = normalizerDefinition({ topics, restore: async () => state });
    const context = { topic: 'vigia.events.raw.v1', partition: 0 };
    const raw = (publisher: string, revision: number, role?: string): ConsumedRecord => ({
      ...context,
      offset: revision,
      key: 'vizcatan-2023-05',
      value: encodeJson({ ...massKilling(revision, 14 + revision), source: { channel: 'http' as const, publisher } }),
      headers: role === undefined ? {} : { [ingestKeyRoleHeader]: role },
      timestampMs: 0,
    });
    const { outcomes } = await runStageBatch(definition, state, [raw('dirandro', 1), raw('devida-desk', 2, 'editor')], 'committed');
    for (const outcome of outcomes) {
      if ('reject' in outcome) throw new Error(outcome.reject.message);
      await bus.produce(outcome.outputs.map((output) => ({ ...output, partition: 0 })));
    }

    const restored = await restorePartition(bus, topics.state, 0, silent);
    expect(restored.size).toBe(1);
    expect(restored.ownerOf('vizcatan-2023-05')).toBe('dirandro');
    expect(restored.get('vizcatan-2023-05')?.revision).toBe(2);
  });
});
