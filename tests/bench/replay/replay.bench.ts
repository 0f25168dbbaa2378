/**
 * `pnpm bench` — `vigia replay`'s cores on one core: canonical events per
 * second from an NDJSON file (read in 256 KiB chunks, each line parsed and
 * validated, revisions decided, fanned out, `applyBatch` per watermark
 * advance or 20,000 contributions, the default rules evaluated, the reports
 * rendered), as a RATIO of the baseline measured in the same run: JSON.parse
 * and zod validation of the same canonical events, the least any reader of
 * the file pays per line.
 *
 * BENCH_REPLAY_EVENTS (default 20000, 3000 with --quick) incidents and
 * seizures over 300 districts and two years in a scrambled order (the
 * aggregator benchmarks' events), written to a temporary NDJSON file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReports, compileReplayOptions, createInputDecoder, createReplay, loadReplayRuleSet, ReplayNormalizer } from '@vigia/replay';
import { defaultRulesUrl } from '@vigia/rules';
import { canonicalEventSchema, type EventChange } from '@vigia/schemas';
import { machineDescription, quickMode, recordResults } from '../bench-support.ts';
import { benchChange } from '../bench-events.ts';

const eventCount = Number(process.env.BENCH_REPLAY_EVENTS ?? (quickMode ? 3_000 : 20_000));
const chunkBytes = 256 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'vigia-replay-bench-'));
const file = join(dir, 'events.ndjson');
const lines: string[] = [];
for (let index = 0; index < eventCount; index += 1) {
  const change = benchChange(index);
  if (change.type === 'event.recorded') lines.push(JSON.stringify(change.event));
}
writeFileSync(file, `${lines.join('\n')}\n`);
const bytes = readFileSync(file);
rmSync(dir, { recursive: true, force: true });
const loaded = loadReplayRuleSet('default', readFileSync(defaultRulesUrl, 'utf8'));
if (!loaded.ok) throw new Error('the default rules do not load');
const { ruleSet } = loaded;

function seconds(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

function baseline(): void {
  const decoder = new TextDecoder();
  let rest = '';
  for (let start = 0; start < bytes.length; start += chunkBytes) {
    const text = rest + decoder.decode(bytes.subarray(start, start + chunkBytes), { stream: true });
    const split = text.split('\n');
    rest = split.pop() ?? '';
    for (const line of split) if (line !== '' && !canonicalEventSchema.safeParse(JSON.parse(line)).success) throw new Error('invalid bench event');
  }
}

let reportBytes = 0;
function replay(): void {
  const options = compileReplayOptions({ from: '2023-01-01', to: '2024-12-31', ruleSets: [ruleSet] });
  const normalizer = new ReplayNormalizer();
  const decoder = createInputDecoder({ kind: 'canonical' }, { normalizer, fileName: 'events.ndjson', receivedAt: '2025-01-02T00:00:00Z' });
  const run = createReplay(options);
  const push = (changes: readonly EventChange[]) => {
    for (const change of changes) run.push(change);
  };
  for (let start = 0; start < bytes.length; start += chunkBytes) push(decoder.push(bytes.subarray(start, start + chunkBytes)));
  push(decoder.end());
  const result = run.finish();
  if (result.stats.changes !== lines.length) throw new Error(`replayed ${result.stats.changes} of ${lines.length} events`);
  reportBytes = buildReports(result, options).files.reduce(
    (sum, report) => sum + (typeof report.content === 'string' ? Buffer.byteLength(report.content) : report.content.byteLength),
    0,
  );
}

// Warm the baseline's JIT on the whole file (cheap); the replay is timed from cold, as a user runs it once.
baseline();
const baselineSeconds = seconds(baseline);
const replaySeconds = seconds(() => replay());

const perSecond = (secondsTaken: number) => Math.round(lines.length / secondsTaken);
const format = (value: number) => value.toLocaleString('en-US');
console.log(`\nReplay throughput — ${new Date().toISOString().slice(0, 10)} — ${machineDescription()}`);
console.log(`${format(lines.length)} canonical events, ${format(bytes.length)} bytes of NDJSON; default rules; ${format(reportBytes)} bytes of reports\n`);
console.log('| scenario | events/s | ratio |');
console.log('| --- | --- | --- |');
console.log(`| baseline: JSON.parse + zod validation of each canonical event | ${format(perSecond(baselineSeconds))} | 1.00 |`);
console.log(
  `| replay: parse, validate, revisions, fan-out, applyBatch, rules, reports | ${format(perSecond(replaySeconds))} | ${(baselineSeconds / replaySeconds).toFixed(3)} |`,
);
recordResults('replay', {
  events: lines.length,
  ndjsonBytes: bytes.length,
  baselinePerSecond: lines.length / baselineSeconds,
  replayPerSecond: lines.length / replaySeconds,
  ratio: baselineSeconds / replaySeconds,
  goalPerSecond: 100_000,
});
