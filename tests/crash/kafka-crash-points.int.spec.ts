/**
 * Issue 10, part 3 on Kafka: the services as separate processes, a random one
 * SIGKILLed and restarted at 2 random points while reports are ingested and
 * processed. Each kill costs about a session timeout (30 s), hence the small
 * count; `pnpm crash:kafka` runs more. Compared with a run on the embedded log
 * that was never killed: same input, same outputs on either adapter.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prng } from '@vigia/simulate';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { auditDataDir, runWithCrashes } from './crash-driver.ts';
import { runKafkaWithCrashes } from './kafka-crash-driver.ts';
import { compareAudits } from './pipeline-audit.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string[];
  }
}

const scenario = { scenario: 'peru-public', count: 200, seed: 7, chunkRecords: 10 } as const;

describe('crash points on Kafka', () => {
  it('2 SIGKILLs of random services: every report counted once, same figures and alerts as the embedded run', { timeout: 420_000 }, async () => {
    const seed = Date.now() % 1_000_000;
    const random = new Prng(`crash-kafka-${seed}`);
    const reference = await mkdtemp(join(tmpdir(), 'vigia-crash-'));
    onTestFinished(() => rm(reference, { recursive: true, force: true }));
    const [, run] = await Promise.all([
      runWithCrashes({ ...scenario, dataDir: reference, killPoints: 0, maxKillDelayMs: 0, random: () => random.next() }),
      runKafkaWithCrashes({ ...scenario, brokers: inject('kafkaBrokers'), killPoints: 2, maxKillDelayMs: 8_000, random: () => random.next() }),
    ]);
    const expected = await auditDataDir(reference);
    expect({ seed, lost: run.audit.lost, doubled: run.audit.doubled, ackedChunks: run.ackedChunks }).toEqual({ seed, lost: 0, doubled: 0, ackedChunks: 20 });
    expect(compareAudits(run.audit, expected, ['lines', 'changes', 'buckets', 'alerts']), `kill seed ${seed}`).toEqual([]);
  });
});
