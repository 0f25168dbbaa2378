/**
 * Builds, starts and stops the Kafka Streams peer (`PeerApp`), and reads its
 * output. The peer runs in its own JVM; the benchmark waits for conditions
 * on the broker (committed offsets), never for the JVM's say-so.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus } from '@vigia/bus';
import { writeGazetteer } from './export-gazetteer.ts';
import { comparedWindows, type ComparedWindow, type SeriesWindowSums, type WindowSum, type WindowSumsByKey } from './window-sums.ts';

const peerDir = new URL('.', import.meta.url).pathname;

export interface PeerBuild {
  readonly classPath: string;
  readonly gazetteerFile: string;
  readonly javaVersion: string;
}

/** Compiles the peer (Maven, skipped when up to date) and exports the gazetteer it fans out with. */
export function buildPeer(): PeerBuild {
  const output = execFileSync('bash', [join(peerDir, 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = output.split('\n').find((l) => l.startsWith('PEER_CLASSPATH='));
  if (line === undefined) throw new Error('tests/bench/peer/build.sh printed no PEER_CLASSPATH line');
  const gazetteerFile = join(peerDir, 'target', 'gazetteer.tsv');
  writeGazetteer(gazetteerFile);
  // `java -version` writes to stderr.
  const version = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr;
  return { classPath: line.slice('PEER_CLASSPATH='.length), gazetteerFile, javaVersion: javaVersionOf(version) };
}

function javaVersionOf(text: string): string {
  return /version "([^"]+)"/.exec(text)?.[1] ?? 'unknown';
}

export interface PeerOptions {
  readonly brokers: readonly string[];
  readonly input: string;
  readonly output: string;
  readonly applicationId: string;
  readonly partitions: number;
  readonly threads: number;
  readonly retentionDays: number;
  /** Reuse a state directory (a restart); default a fresh temporary one, removed on stop. */
  readonly stateDir?: string;
}

/** What the peer counted, printed by its shutdown hook. */
export interface PeerSummary {
  readonly events: number;
  readonly unsupported: number;
  readonly contributions: number;
  readonly dropped: number;
}

export interface RunningPeer {
  readonly applicationId: string;
  /** Kafka Streams' repartition topic, `<applicationId>-contributions-repartition`. */
  readonly repartitionTopic: string;
  readonly stateDir: string;
  /** Resolves at the first RUNNING state (after restore). */
  readonly running: Promise<void>;
  failed(): boolean;
  /** SIGTERM, wait for the clean shutdown, return its counters; removes a temporary state dir. */
  stop(): Promise<PeerSummary>;
}

export function startPeer(build: PeerBuild, options: PeerOptions): RunningPeer {
  const ownStateDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'vigia-peer-'));
  const args = [
    '-Xmx1g',
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
    '-Dorg.slf4j.simpleLogger.logFile=System.err',
    // Every transaction of a busy broker logs CONCURRENT_TRANSACTIONS retries at WARN: noise, retried by design.
    '-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients.producer.internals.Sender=error',
    '-cp',
    build.classPath,
    'pe.vigia.bench.peer.PeerApp',
    `brokers=${options.brokers.join(',')}`,
    `input=${options.input}`,
    `output=${options.output}`,
    `applicationId=${options.applicationId}`,
    `gazetteer=${build.gazetteerFile}`,
    `partitions=${options.partitions}`,
    `threads=${options.threads}`,
    `stateDir=${stateDir}`,
    `retentionDays=${options.retentionDays}`,
  ];
  const child: ChildProcess = spawn('java', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  let exited = false;
  let markRunning!: () => void;
  let markFailed!: (error: Error) => void;
  const running = new Promise<void>((resolve, reject) => {
    markRunning = resolve;
    markFailed = reject;
  });
  running.catch(() => undefined);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exit.then((code) => {
    exited = true;
    markFailed(new Error(`the Kafka Streams peer exited (${code}) before it was running`));
  });
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.includes('PEER_STATE RUNNING')) markRunning();
  });
  return {
    applicationId: options.applicationId,
    repartitionTopic: `${options.applicationId}-contributions-repartition`,
    stateDir,
    running,
    failed: () => exited || stdout.includes('PEER_STATE ERROR'),
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
      if (ownStateDir) rmSync(stateDir, { recursive: true, force: true });
      const line = stdout.split('\n').find((l) => l.startsWith('PEER_SUMMARY '));
      if (line === undefined) throw new Error('the Kafka Streams peer printed no PEER_SUMMARY (it did not shut down cleanly)');
      return JSON.parse(line.slice('PEER_SUMMARY '.length)) as PeerSummary;
    },
  };
}

/** The peer's latest trailing sums per `region|metric`: `asOf<TAB>sum<TAB>events` for 7d, 30d, 90d, 365d. */
export async function readPeerWindowSums(bus: Bus, outputTopic: string): Promise<WindowSumsByKey> {
  const latest = new Map<string, SeriesWindowSums>();
  const decoder = new TextDecoder();
  for (const { partition } of await bus.admin.endOffsets(outputTopic)) {
    for await (const records of bus.readPartition(outputTopic, partition)) {
      for (const record of records) {
        if (record.key === null || record.value === null) continue;
        const [asOf, ...fields] = decoder.decode(record.value).split('\t');
        if (asOf === undefined || fields.length !== comparedWindows.length * 2) throw new Error(`malformed peer output at ${partition}:${record.offset}`);
        const windows: Partial<Record<ComparedWindow, WindowSum>> = {};
        comparedWindows.forEach((window, index) => {
          windows[window] = { value: Number(fields[index * 2]), events: Number(fields[index * 2 + 1]) };
        });
        latest.set(record.key, { asOf, windows });
      }
    }
  }
  return latest;
}
