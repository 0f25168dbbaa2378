/**
 * `pnpm crash:kafka` — the crash-point test on Kafka: services as separate
 * processes, a random one SIGKILLed and restarted at each of CRASH_KILL_POINTS
 * (default 5) random points, compared with a run on the embedded log that was
 * never killed (same input, same outputs on either adapter). KAFKA_BROKERS
 * names the cluster. Prints the figures tests/crash/README.md records.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prng } from '@vigia/simulate';
import { auditDataDir, runWithCrashes } from './crash-driver.ts';
import { runKafkaWithCrashes } from './kafka-crash-driver.ts';
import { type AuditPart, compareAudits } from './pipeline-audit.ts';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter((broker) => broker !== '');
if (brokers.length === 0) throw new TypeError('set KAFKA_BROKERS to the cluster to run against');
const killPoints = Number(process.env.CRASH_KILL_POINTS ?? 5);
const seed = Number(process.env.CRASH_SEED ?? 1);
const scenario = { scenario: 'peru-public', count: Number(process.env.CRASH_COUNT ?? 400), seed: 7, chunkRecords: 20 } as const;
const random = new Prng(`crash-kafka-${seed}`);
const started = Date.now();

const reference = await mkdtemp(join(tmpdir(), 'vigia-crash-reference-'));
try {
  await runWithCrashes({ ...scenario, dataDir: reference, killPoints: 0, maxKillDelayMs: 0, random: () => random.next() });
  const expected = await auditDataDir(reference);
  const run = await runKafkaWithCrashes({
    ...scenario,
    brokers,
    killPoints,
    maxKillDelayMs: 8_000,
    random: () => random.next(),
    onKill: (point, service) => process.stderr.write(`kill ${point}/${killPoints}: ${service}\n`),
  });
  const parts: AuditPart[] = ['lines', 'changes', 'buckets', 'alerts', 'indicators'];
  const differences = Object.fromEntries(parts.map((part) => [part, compareAudits(run.audit, expected, [part], Number.MAX_SAFE_INTEGER).length]));
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString().slice(0, 10),
        killPoints,
        kills: run.kills,
        seed,
        reports: scenario.count,
        acknowledgedChunks: run.ackedChunks,
        lost: run.audit.lost,
        doubled: run.audit.doubled,
        differencesFromEmbeddedReference: differences,
        sample: compareAudits(run.audit, expected, ['lines', 'changes', 'buckets', 'alerts'], 3).map((line) => line.slice(0, 400)),
        minutes: Math.round((Date.now() - started) / 6_000) / 10,
      },
      null,
      2,
    ),
  );
} finally {
  await rm(reference, { recursive: true, force: true });
}
