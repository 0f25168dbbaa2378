import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arch, cpus, platform, totalmem } from 'node:os';

/** One measured scenario: how many messages and bytes moved in how long. */
export interface Measurement {
  readonly scenario: string;
  readonly messages: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly batch: string;
  /** Scenario this one is a ratio of; omitted for baselines. */
  readonly baseline?: string;
}

export const repoRoot = new URL('../..', import.meta.url).pathname;

/** Brokers from `KAFKA_BROKERS`, or the local broker started by `infra/kafka/kafka.sh`. */
export function benchBrokers(env: NodeJS.ProcessEnv): string[] {
  const configured = env.KAFKA_BROKERS?.trim();
  if (configured) return configured.split(',').map((broker) => broker.trim());
  const output = execFileSync('bash', [`${repoRoot}infra/kafka/kafka.sh`, 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = output.split('\n').find((l) => l.startsWith('KAFKA_BROKERS='));
  if (line === undefined) throw new Error('infra/kafka/kafka.sh start printed no KAFKA_BROKERS line');
  return line.slice('KAFKA_BROKERS='.length).split(',');
}

/** A JSON value of about `approxBytes`, shaped like a canonical event, different per index. */
export function samplePayload(index: number, approxBytes = 1024): Uint8Array {
  const base = {
    type: 'event.recorded',
    event: { eventId: `bench-${index}`, revision: 1, kind: 'incident', occurredAt: '2021-05-23', notes: '' },
  };
  const overhead = JSON.stringify(base).length;
  base.event.notes = 'x'.repeat(Math.max(0, approxBytes - overhead));
  return new TextEncoder().encode(JSON.stringify(base));
}

/** Runs `body` and returns wall-clock seconds. */
export async function timed(body: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await body();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export function machineDescription(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${platform()} ${arch()}, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** A Markdown table with throughput and, where a baseline is named, the ratio to it. */
export function formatTable(measurements: readonly Measurement[]): string {
  const byScenario = new Map(measurements.map((m) => [m.scenario, m]));
  const rate = (m: Measurement) => m.messages / m.seconds;
  const rows = measurements.map((m) => {
    const base = m.baseline === undefined ? undefined : byScenario.get(m.baseline);
    const ratio = base === undefined ? 'baseline' : `${(rate(m) / rate(base)).toFixed(2)} × ${m.baseline}`;
    return [
      m.scenario,
      m.batch,
      m.messages.toLocaleString('en-US'),
      m.seconds.toFixed(2),
      Math.round(rate(m)).toLocaleString('en-US'),
      (m.bytes / m.seconds / 2 ** 20).toFixed(1),
      ratio,
    ];
  });
  const header = ['scenario', 'batch', 'messages', 'seconds', 'msg/s', 'MiB/s', 'ratio'];
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n');
}

/** `pnpm bench --quick` (run-all sets BENCH_QUICK=1): small inputs, for CI; ratios only indicative. */
export const quickMode = process.env.BENCH_QUICK === '1';

/**
 * Hands a benchmark's figures to `run-all.ts`, which merges every benchmark's
 * file into one results JSON with date, machine and versions. Without
 * BENCH_RESULTS_DIR (a benchmark run on its own) nothing is written.
 */
export function recordResults(benchmark: string, results: unknown): void {
  const dir = process.env.BENCH_RESULTS_DIR;
  if (dir === undefined || dir === '') return;
  writeFileSync(join(dir, `${benchmark}.json`), `${JSON.stringify(results, null, 2)}\n`);
}

/** Measurements as plain figures with their ratio to the named baseline, for the results JSON. */
export function measurementFigures(measurements: readonly Measurement[]) {
  const byScenario = new Map(measurements.map((m) => [m.scenario, m]));
  return measurements.map((m) => {
    const base = m.baseline === undefined ? undefined : byScenario.get(m.baseline);
    return {
      scenario: m.scenario,
      batch: m.batch,
      messages: m.messages,
      seconds: Number(m.seconds.toFixed(3)),
      messagesPerSecond: Math.round(m.messages / m.seconds),
      ...(base === undefined ? {} : { baseline: base.scenario, ratio: Number((m.messages / m.seconds / (base.messages / base.seconds)).toFixed(3)) }),
    };
  });
}
