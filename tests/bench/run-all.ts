/**
 * `pnpm bench` — runs every `*.bench.ts` under tests/bench, one after the
 * other (they share the broker and two cores; in parallel they would measure
 * each other), each in its own Node process with `--expose-gc` so heap
 * measurements can collect first. Exits non-zero if any benchmark failed.
 *
 * `--quick` (BENCH_QUICK=1 for each benchmark) runs small inputs, for CI.
 * Every benchmark's figures (`recordResults`) are merged into one results
 * JSON with the date, machine and versions: `--results <file>`, default
 * `tests/.results/bench-<date>[-quick].json` (not tracked; copy a full run's
 * file to `tests/bench/results/` to record it). `--note <text>` records what the
 * machine was doing (e.g. shared with other jobs), which no command can see.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { machineDescription, repoRoot } from './bench-support.ts';

const benchDir = new URL('.', import.meta.url).pathname;
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, results: { type: 'string' }, note: { type: 'string' } } });
const date = new Date().toISOString().slice(0, 10);
const resultsFile = values.results ?? join(repoRoot, 'tests', '.results', `bench-${date}${values.quick ? '-quick' : ''}.json`);

function benchFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? benchFiles(join(dir, entry.name)) : entry.name.endsWith('.bench.ts') ? [join(dir, entry.name)] : []))
    .sort();
}

function versions(): Record<string, string> {
  const java = /version "([^"]+)"/.exec(spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr ?? '')?.[1] ?? 'not found';
  const kafkaPom = readFileSync(join(repoRoot, 'infra', 'kafka', 'pom.xml'), 'utf8');
  const lock = readFileSync(join(repoRoot, 'pnpm-lock.yaml'), 'utf8');
  return {
    node: process.version,
    java,
    kafkaBroker: /<kafka\.version>([^<]+)</.exec(kafkaPom)?.[1] ?? 'unknown',
    kafkaStreams: /<kafka\.version>([^<]+)</.exec(readFileSync(join(benchDir, 'peer', 'pom.xml'), 'utf8'))?.[1] ?? 'unknown',
    kafkajs: /\n {2}kafkajs@([^:\s]+):/.exec(lock)?.[1] ?? 'unknown',
  };
}

const partsDir = mkdtempSync(join(tmpdir(), 'vigia-bench-'));
const env = { ...process.env, BENCH_RESULTS_DIR: partsDir, ...(values.quick ? { BENCH_QUICK: '1' } : {}) };
const started = Date.now();
const failures: string[] = [];
for (const file of benchFiles(benchDir)) {
  const name = relative(benchDir, file);
  process.stdout.write(`\n=== ${name}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', file], { stdio: 'inherit', env });
  if (result.status !== 0) {
    failures.push(name);
    process.stderr.write(`${name} failed (exit ${result.status ?? result.signal})\n`);
  }
}
const benchmarks = Object.fromEntries(
  readdirSync(partsDir)
    .sort()
    .map((part) => [part.replace(/\.json$/, ''), JSON.parse(readFileSync(join(partsDir, part), 'utf8')) as unknown]),
);
rmSync(partsDir, { recursive: true, force: true });
const results = {
  date,
  quick: values.quick,
  machine: machineDescription(),
  ...(values.note === undefined ? {} : { note: values.note }),
  versions: versions(),
  seconds: Math.round((Date.now() - started) / 1000),
  failed: failures,
  benchmarks,
};
mkdirSync(dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\nresults → ${relative(process.cwd(), resultsFile)} (${results.seconds} s)\n`);
process.exit(failures.length === 0 ? 0 : 1);
