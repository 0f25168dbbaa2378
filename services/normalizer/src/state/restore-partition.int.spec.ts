/** Ownership survives a restart: it is rebuilt from the headers of `vigia.events.v1` (issue 13). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus } from '@vigia/bus';
import { encodeJson, ingestKeyRoleHeader } from '@vigia/schemas';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createNormalizerTransform } from '../stage/normalizer-transform.ts';
import { massKilling } from '../testing/mixed-batch.ts';
import { EventState } from './event-state.ts';
import { restorePartition } from './restore-partition.ts';

const silent = pino({ level: 'silent' });

describe('restorePartition', () => {
  it('rebuilds each event\'s owner, which an editor\'s override does not change', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigia-restore-'));
    const bus = await createEmbeddedBus({ dataDir, logger: silent, fsync: 'never' });
    onTestFinished(async () => {
      await bus.close();
      await rm(dataDir, { recursive: true, force: true });
    });
    const topic = 'vigia.events.v1';
    await bus.admin.ensureTopics([{ name: topic, partitions: 1, cleanupPolicy: 'delete' }]);
    const state = new EventState();
    state.install(0, new Map());
    const { transform } = createNormalizerTransform({ state, eventsTopic: topic, ensureRestored: async () => undefined });
    const raw = (publisher: string, revision: number, role?: string) => ({
      topic: 'vigia.events.raw.v1',
      partition: 0,
      offset: revision,
      key: 'vizcatan-2023-05',
      value: encodeJson({ ...massKilling(revision, 14 + revision), source: { channel: 'http' as const, publisher } }),
      headers: role === undefined ? ({} as Record<string, string>) : { [ingestKeyRoleHeader]: role },
      timestampMs: 0,
    });
    const result = await transform([raw('dirandro', 1), raw('devida-desk', 2, 'editor')], { topic: 'vigia.events.raw.v1', partition: 0 });
    await bus.produce(result.outputs.map((output) => ({ ...output, partition: 0 })));

    const restored = await restorePartition(bus, topic, 0, silent);
    expect(restored.owners).toEqual(new Map([['vizcatan-2023-05', 'dirandro']]));
    expect(restored.events.get('vizcatan-2023-05')?.revision).toBe(2);
  });
});
