/**
 * `pnpm bench` — the pure indicator core on one core: contributions per
 * second through `applyBatch` (batches of 500, figures once per touched
 * series), as a RATIO of decoding the same contributions from JSON with their
 * zod schema, measured in the same run — the cost any consumer pays per
 * record before doing anything with it.
 *
 * BENCH_CORE_EVENTS (default 20000, 3000 with --quick) incidents and seizures over 300 districts
 * and two years, fanned out with the real gazetteer (about four regions each)
 * into one state: every region, the national hot key included, on one core.
 */
import { listRegions, targetRegions } from '@vigia/geo';
import { applyBatch, createAggregationState, createChangeLedger, fanOut, stateStats, watermarkDayOf, type AggregateInput } from '@vigia/indicators';
import { decodeTopicValue, encodeTopicValue, type Contribution } from '@vigia/schemas';
import { machineDescription, quickMode, recordResults } from '../bench-support.ts';
import { benchChange as changeOf } from '../bench-events.ts';

const eventCount = Number(process.env.BENCH_CORE_EVENTS ?? (quickMode ? 3_000 : 20_000));
const batchSize = 500;
const shareRegions = [...listRegions('zone'), ...listRegions('department')];

const ledger = createChangeLedger();
const inputs: AggregateInput[] = [];
for (let index = 0; index < eventCount; index += 1) {
  const change = changeOf(index);
  inputs.push(...fanOut(ledger, change, targetRegions, { shareRegions }));
  if ((index + 1) % batchSize === 0) {
    const day = watermarkDayOf(change);
    if (day !== undefined) inputs.push({ type: 'watermark.advanced', day });
  }
}
const contributions = inputs.filter((input): input is Contribution => input.type === 'contribution.emitted');
const encoded = contributions.map((contribution) => encodeTopicValue('vigia.contributions.v1', contribution));

function seconds(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

// Warm both paths once on a slice, so the JIT has compiled them before timing.
for (const bytes of encoded.slice(0, 2_000)) decodeTopicValue('vigia.contributions.v1', bytes);
applyBatch(createAggregationState(), inputs.slice(0, 2_000));

const decodeSeconds = seconds(() => {
  for (const bytes of encoded) if (!decodeTopicValue('vigia.contributions.v1', bytes).ok) throw new Error('undecodable contribution');
});
const state = createAggregationState();
let published = 0;
const coreSeconds = seconds(() => {
  for (let start = 0; start < inputs.length; start += batchSize) published += applyBatch(state, inputs.slice(start, start + batchSize)).indicators.length;
});

const stats = stateStats(state);
const perSecond = (count: number, secondsTaken: number) => Math.round(count / secondsTaken).toLocaleString('en-US');
console.log(`\nIndicator core — ${new Date().toISOString().slice(0, 10)} — ${machineDescription()}`);
console.log(
  `${eventCount.toLocaleString('en-US')} events → ${contributions.length.toLocaleString('en-US')} contributions, batches of ${batchSize}; ${stats.seriesCount} series, ${stats.bucketCount} buckets; ${published.toLocaleString('en-US')} indicator records published\n`,
);
console.log('| scenario | contributions/s | ratio |');
console.log('| --- | --- | --- |');
console.log(`| baseline: JSON + zod decode of each contribution | ${perSecond(contributions.length, decodeSeconds)} | 1.00 |`);
console.log(`| indicator core (applyBatch) | ${perSecond(contributions.length, coreSeconds)} | ${(decodeSeconds / coreSeconds).toFixed(2)} |`);
recordResults('indicator-core', {
  events: eventCount,
  contributions: contributions.length,
  batchSize,
  baselineDecodePerSecond: contributions.length / decodeSeconds,
  corePerSecond: contributions.length / coreSeconds,
  ratio: decodeSeconds / coreSeconds,
  indicatorRecordsPublished: published,
});
