/**
 * `pnpm bench:simulate` — does `vigia simulate` run in constant memory? Each
 * size (10⁴, 10⁵, 10⁶, 10⁷ records by default) runs in its own Node process,
 * which renders the baseline scenario to NDJSON and throws the text away, so
 * the figures are the generator's alone: peak RSS (the kernel's maxrss), peak
 * V8 heap (sampled every 10,000 records, garbage included), the live heap
 * after a full collection (every 10⁶ records and at the end) and records per second.
 *
 *   BENCH_SIMULATE_MAX=1000000   stop at 10⁶ (10⁷ takes a few minutes; --quick stops at 10⁴)
 *   BENCH_SIMULATE_SEED=…        another seed (default bench)
 */
import { execFileSync } from 'node:child_process';
import { machineDescription, quickMode, recordResults } from '../bench-support.ts';

interface ChildResult {
  readonly records: number;
  readonly seconds: number;
  readonly bytes: number;
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  readonly liveHeapBytes: number;
}

const sampleEveryRecords = 10_000;
// A full collection this often measures what the generator keeps alive (the reorder buffer, the gazetteer),
// as opposed to garbage V8 has not collected yet; rare enough not to change the throughput.
const liveSampleEveryRecords = 1_000_000;
const gc = (globalThis as { gc?: () => void }).gc;

function liveHeap(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function child(count: number, seed: string): Promise<ChildResult> {
  const { scenarioRecords, ndjsonLine } = await import('@vigia/simulate');
  let peakHeapBytes = 0;
  let liveHeapBytes = 0;
  let bytes = 0;
  let records = 0;
  const started = process.hrtime.bigint();
  for (const record of scenarioRecords({ seed, count })) {
    bytes += ndjsonLine(record).length + 1;
    records += 1;
    if (records % sampleEveryRecords === 0) peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
    if (records % liveSampleEveryRecords === 0) liveHeapBytes = Math.max(liveHeapBytes, liveHeap());
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
  liveHeapBytes = Math.max(liveHeapBytes, liveHeap());
  return { records, seconds, bytes, peakRssBytes: process.resourceUsage().maxRSS * 1024, peakHeapBytes, liveHeapBytes };
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

if (process.argv[2] === '--child') {
  process.stdout.write(`${JSON.stringify(await child(Number(process.argv[3]), process.argv[4] ?? 'bench'))}\n`);
} else {
  const max = Number(process.env.BENCH_SIMULATE_MAX ?? (quickMode ? 10_000 : 10_000_000));
  const seed = process.env.BENCH_SIMULATE_SEED ?? 'bench';
  const counts = [10_000, 100_000, 1_000_000, 10_000_000].filter((count) => count <= max);
  const rows: string[] = [];
  const results: (ChildResult & { count: number })[] = [];
  for (const count of counts) {
    const output = execFileSync(process.execPath, ['--expose-gc', new URL(import.meta.url).pathname, '--child', String(count), seed], { encoding: 'utf8' });
    const result = JSON.parse(output) as ChildResult;
    results.push({ count, ...result });
    rows.push(
      `| ${count.toLocaleString('en')} | ${mib(result.peakRssBytes)} | ${mib(result.peakHeapBytes)} | ${mib(result.liveHeapBytes)} | ` +
        `${Math.round(result.records / result.seconds).toLocaleString('en')} | ${result.seconds.toFixed(1)} | ${mib(result.bytes)} |`,
    );
    process.stderr.write(`${count} records done\n`);
  }
  process.stdout.write(
    [
      `vigia simulate, baseline scenario, NDJSON rendered and discarded — ${machineDescription()}, ${new Date().toISOString().slice(0, 10)}`,
      '',
      '| records | peak RSS (MiB) | peak heap (MiB) | live heap after GC (MiB) | records/s | seconds | NDJSON (MiB) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
    ].join('\n'),
  );
  recordResults('simulate-generator-memory', { seed, runs: results });
}
