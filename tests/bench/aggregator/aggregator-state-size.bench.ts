/**
 * `pnpm bench:aggregator` (part a) — how big the aggregator's state is: bytes
 * per (region, metric) series with a full year of daily buckets, measured as
 * serialized changelog bytes (what the compacted topic stores and a restore
 * reads) and as memory (V8 heap plus the ArrayBuffers of the typed bucket
 * pages), then the total for every region of Peru
 * (`@vigia/geo` `listRegions()`: districts, provinces, departments, zones and
 * the nation) × every daily metric of the catalogue × 365 daily buckets — the
 * worst case in which every region has every metric every day.
 *
 * The heap is measured on a sample (BENCH_STATE_SAMPLE_SERIES, default 400
 * series) and extrapolated: building all of Peru at once needs more memory
 * than the benchmark machine should spend. Run with `node --expose-gc`.
 */
import { listRegions } from '@vigia/geo';
import { MetricKind, metricCatalogue, restoreState, stateStats } from '@vigia/indicators';
import type { AggregatorBucket, ChangelogValue } from '@vigia/schemas';
import { machineDescription, quickMode, recordResults } from '../bench-support.ts';

const sampleSeries = Number(process.env.BENCH_STATE_SAMPLE_SERIES ?? (quickMode ? 100 : 400));
/** Baseline: the bytes a series' buckets need as two Float64 arrays (value, event count) — the compact floor. */
const floorBytesPerBucket = 16;
const daysPerSeries = 365;
const lastDayMs = Date.parse('2024-12-31T00:00:00Z');
const regions = listRegions();
const dailyMetrics = metricCatalogue.filter((metric) => metric.kind === MetricKind.daily && metric.published).map((metric) => metric.id);
const gc = (globalThis as { gc?: () => void }).gc;

function bucketsOf(regionIndex: number, metric: string): AggregatorBucket[] {
  const region = regions[regionIndex % regions.length]!;
  return Array.from({ length: daysPerSeries }, (_, offset) => ({
    type: 'bucket.updated',
    region: { code: region.code, level: region.level },
    metric,
    day: new Date(lastDayMs - offset * 86_400_000).toISOString().slice(0, 10),
    // Realistic magnitudes: counts of a few, amounts with decimals.
    value: metric.endsWith('.count') ? 1 + (offset % 5) : Math.round((offset * 37.13) % 900) / 10 + 0.25,
    eventCount: 1 + (offset % 5),
    streamTime: '2024-12-31',
  }));
}

/** The V8 heap plus the ArrayBuffers outside it, where the typed bucket pages live: what the state costs the process. */
function heapUsed(): number {
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

// Measured around the whole build; the input is dropped before the second reading, so only the state remains.
const before = heapUsed();
const input: ChangelogValue[] = [{ type: 'watermark.advanced', day: '2024-12-31' }];
for (let series = 0; series < sampleSeries; series += 1) input.push(...bucketsOf(series, dailyMetrics[series % dailyMetrics.length]!));
const { state } = restoreState(input);
input.length = 0;
const after = heapUsed();
const stats = stateStats(state);

const changelogBytesPerSeries = stats.changelogBytes / stats.seriesCount;
const heapBytesPerSeries = (after - before) / stats.seriesCount;
const allSeries = regions.length * dailyMetrics.length;
const mib = (bytes: number) => (bytes / 2 ** 20).toLocaleString('en-US', { maximumFractionDigits: 0 });
const byLevel = ['district', 'province', 'department', 'zone', 'national'].map((level) => `${listRegions(level as never).length} ${level}`).join(', ');

console.log(`\nAggregator state size — ${new Date().toISOString().slice(0, 10)} — ${machineDescription()}`);
console.log(
  `sample: ${stats.seriesCount} series × ${daysPerSeries} daily buckets (${stats.bucketCount.toLocaleString('en-US')} buckets)${gc === undefined ? ' — WARNING: run with --expose-gc for a clean heap delta' : ''}\n`,
);
console.log('| measure | per (region, metric), 365 days | per bucket | all of Peru |');
console.log('| --- | --- | --- | --- |');
console.log(
  `| changelog bytes (key + JSON value) | ${Math.round(changelogBytesPerSeries).toLocaleString('en-US')} B | ${Math.round(changelogBytesPerSeries / daysPerSeries)} B | ${mib(changelogBytesPerSeries * allSeries)} MiB |`,
);
console.log(
  `| V8 heap + ArrayBuffers (restored state) | ${Math.round(heapBytesPerSeries).toLocaleString('en-US')} B | ${Math.round(heapBytesPerSeries / daysPerSeries)} B | ${mib(heapBytesPerSeries * allSeries)} MiB |`,
);
const floorBytesPerSeries = floorBytesPerBucket * daysPerSeries;
console.log(
  `| baseline: typed arrays (8-byte value + 8-byte event count) | ${floorBytesPerSeries.toLocaleString('en-US')} B | ${floorBytesPerBucket} B | ${mib(floorBytesPerSeries * allSeries)} MiB |`,
);
console.log(
  `\nRatios to the typed-array baseline: heap + ArrayBuffers ${(heapBytesPerSeries / floorBytesPerSeries).toFixed(1)} ×, changelog ${(changelogBytesPerSeries / floorBytesPerSeries).toFixed(1)} ×.`,
);
recordResults('aggregator-state-size', {
  sampleSeries: stats.seriesCount,
  daysPerSeries,
  perSeries: {
    heapBytes: Math.round(heapBytesPerSeries),
    changelogBytes: Math.round(changelogBytesPerSeries),
    baseline: 'typed arrays, 16 B per bucket',
    baselineBytes: floorBytesPerSeries,
    heapRatio: Number((heapBytesPerSeries / floorBytesPerSeries).toFixed(2)),
    changelogRatio: Number((changelogBytesPerSeries / floorBytesPerSeries).toFixed(2)),
  },
  allOfPeru: {
    series: allSeries,
    heapMiB: Math.round((heapBytesPerSeries * allSeries) / 2 ** 20),
    changelogMiB: Math.round((changelogBytesPerSeries * allSeries) / 2 ** 20),
  },
});
console.log(
  `\nAll of Peru: ${regions.length} regions (${byLevel}) × ${dailyMetrics.length} daily metrics = ${allSeries.toLocaleString('en-US')} series, every one full.`,
);
