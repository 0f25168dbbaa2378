/**
 * The crash-point driver: runs the pipeline (`pipeline-child.ts`) in a child
 * process on one data directory, SIGKILLs it at random moments — while it
 * boots, ingests, processes or commits — restarts it on the same directory,
 * and after the last kill lets it finish and stops it gracefully. Then the
 * topics are audited (`pipeline-audit.ts`) and compared with a run that was
 * never killed.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus } from '@vigia/bus';
import { pino } from 'pino';
import { auditPipeline, type PipelineAudit } from './pipeline-audit.ts';
import { chunkFileName, type ChildOptions, type KillSchedule } from './pipeline-topics.ts';

const childScript = new URL('./pipeline-child.ts', import.meta.url).pathname;

/** `onKill` gets the number of chunks acknowledged so far; the delay counts from `started`. */
export interface CrashRunOptions extends ChildOptions, KillSchedule<number> {}

export interface CrashRunResult {
  readonly killPoints: number;
  /** Chunks ingest acknowledged over all runs. */
  readonly ackedChunks: ReadonlySet<number>;
}

export class ChildFailedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChildFailedError';
  }
}

/** One run of the child until `stop` says so; collects its `acked` lines. */
async function runChild(
  options: ChildOptions,
  acked: Set<number>,
  stop: (child: ReturnType<typeof spawn>, started: Promise<void>, caughtUp: Promise<void>) => Promise<void>,
) {
  const child = spawn(process.execPath, [childScript, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Hundreds of restarts: V8's compile cache makes each boot parse the workspace's modules once, not every time.
    env: { ...process.env, NODE_COMPILE_CACHE: process.env['NODE_COMPILE_CACHE'] ?? join(tmpdir(), 'vigia-crash-compile-cache') },
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let buffered = '';
  const seen = new Set<string>();
  const waiters = new Map<string, () => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('acked ')) acked.add(Number(line.slice(6)));
      seen.add(line);
      waiters.get(line)?.();
    }
  });
  const printed = (line: string) =>
    new Promise<void>((resolve, reject) => {
      if (seen.has(line)) return resolve();
      waiters.set(line, resolve);
      void exited.then(([code, signal]) => reject(new ChildFailedError(`the pipeline exited (${signal ?? `code ${code}`}) before "${line}":\n${stderr}`)));
    });
  const started = printed('started');
  const caughtUp = printed('caught-up');
  // A kill can come before either line; nobody may be left with an unhandled rejection.
  started.catch(() => undefined);
  caughtUp.catch(() => undefined);
  try {
    await stop(child, started, caughtUp);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  const [code, signal] = await exited;
  if (signal !== 'SIGKILL' && code !== 0) throw new ChildFailedError(`the pipeline failed (${signal ?? `code ${code}`}):\n${stderr}`);
}

/** Runs the pipeline with `killPoints` SIGKILLs, then to the end; returns what ingest acknowledged. */
export async function runWithCrashes(options: CrashRunOptions): Promise<CrashRunResult> {
  const { dataDir, scenario, count, seed, chunkRecords } = options;
  const childOptions: ChildOptions = { dataDir, scenario, count, seed, chunkRecords };
  const acked = new Set<number>();
  for (let killPoint = 1; killPoint <= options.killPoints; killPoint++) {
    // One kill in five lands while the child boots and recovers; the rest once it runs.
    const duringBoot = options.random() < 0.2;
    const delayMs = Math.floor(options.random() * (duringBoot ? 300 : options.maxKillDelayMs));
    await runChild(childOptions, acked, async (child, started) => {
      if (!duringBoot) await started;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
    });
    options.onKill?.(killPoint, acked.size);
  }
  await runChild({ ...childOptions, stopWhenCaughtUp: true }, acked, async () => {});
  return { killPoints: options.killPoints, ackedChunks: acked };
}

/** Audits a data directory the child has left (closed). */
export async function auditDataDir(dataDir: string): Promise<PipelineAudit> {
  const bus = await createEmbeddedBus({ dataDir, logger: pino({ level: 'silent' }) });
  try {
    return await auditPipeline(bus);
  } finally {
    await bus.close();
  }
}

/** Lines of acknowledged chunks that are not on the raw topic or in the ingest DLQ. */
export function unaccountedAcknowledged(audit: PipelineAudit, acked: ReadonlySet<number>, chunkSizes: readonly number[]): number {
  let missing = 0;
  for (const chunk of acked) {
    const fileName = chunkFileName(chunk);
    for (let line = 1; line <= (chunkSizes[chunk] ?? 0); line++) if (!audit.outcomes.has(`${fileName}#${line}`)) missing += 1;
  }
  return missing;
}
