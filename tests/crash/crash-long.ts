/**
 * `pnpm crash:long` — the long form of the crash-point test: the pipeline on
 * the embedded log SIGKILLed at CRASH_KILL_POINTS (default 500) random points,
 * restarted each time, then compared with a run that was never killed.
 * Prints the figures README.md records: kill points, reports lost, doubled,
 * and differences from the reference run per part of the audit.
 *
 * CRASH_COUNT (default 600) reports, CRASH_SEED (default 1) seeds the kills.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prng } from '@vigia/simulate';
import { auditDataDir, runWithCrashes, unaccountedAcknowledged } from './crash-driver.ts';
import { type AuditPart, compareAudits } from './pipeline-audit.ts';
import { chunkLines } from './pipeline-topics.ts';

const killPoints = Number(process.env.CRASH_KILL_POINTS ?? 500);
const seed = Number(process.env.CRASH_SEED ?? 1);
const scenario = { scenario: 'peru-public', count: Number(process.env.CRASH_COUNT ?? 600), seed: 7, chunkRecords: 20 } as const;
const random = new Prng(`crash-${seed}`);
const next = () => random.next();
const started = Date.now();

const reference = await mkdtemp(join(tmpdir(), 'vigia-crash-reference-'));
const crashed = await mkdtemp(join(tmpdir(), 'vigia-crash-long-'));
try {
  await runWithCrashes({ ...scenario, dataDir: reference, killPoints: 0, maxKillDelayMs: 0, random: next });
  const run = await runWithCrashes({
    ...scenario,
    dataDir: crashed,
    killPoints,
    maxKillDelayMs: 1_000,
    random: next,
    onKill: (point, acked) => {
      if (point % 25 === 0) process.stderr.write(`${point}/${killPoints} kill points, ${acked} chunks acknowledged\n`);
    },
  });
  const [expected, actual] = [await auditDataDir(reference), await auditDataDir(crashed)];
  const chunkSizes = chunkLines(scenario).map((lines) => lines.length);
  const parts: AuditPart[] = ['lines', 'changes', 'buckets', 'alerts', 'indicators'];
  const differences = Object.fromEntries(parts.map((part) => [part, compareAudits(actual, expected, [part], Number.MAX_SAFE_INTEGER).length]));
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString().slice(0, 10),
        killPoints: run.killPoints,
        seed,
        reports: scenario.count,
        acknowledgedChunks: run.ackedChunks.size,
        lost: actual.lost,
        doubled: actual.doubled,
        acknowledgedButUnaccounted: unaccountedAcknowledged(actual, run.ackedChunks, chunkSizes),
        reference: {
          lost: expected.lost,
          doubled: expected.doubled,
          buckets: expected.buckets.size,
          indicators: expected.indicators.size,
          alerts: expected.alerts.size,
        },
        differencesFromReference: differences,
        minutes: Math.round((Date.now() - started) / 6_000) / 10,
      },
      null,
      2,
    ),
  );
} finally {
  await rm(reference, { recursive: true, force: true });
  await rm(crashed, { recursive: true, force: true });
}
