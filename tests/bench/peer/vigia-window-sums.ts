/**
 * THE one place the benchmark reads Vigía's trailing-window sums, through the
 * aggregator's public output only: the compacted `vigia.indicators.v1` topic,
 * decoded and validated with its schema from `@vigia/schemas`.
 *
 * What it relies on (today's record shape): one record per
 * `region|metric|window` key with `{ region, metric, window, asOf, value,
 * contributingEvents }`, the latest per key winning and `null` values being
 * tombstones. A series' figures are "as of" the latest `asOf` among its
 * windows: figures that did not change when the series was last touched keep
 * an older `asOf` but are still current. When the record shape changes (one
 * record per series carrying all its windows), only this file changes.
 */
import type { Bus } from '@vigia/bus';
import { decodeTopicValue } from '@vigia/schemas';
import { comparedWindows, type ComparedWindow, type SeriesWindowSums, type WindowSum, type WindowSumsByKey } from './window-sums.ts';

const windowSet: ReadonlySet<string> = new Set(comparedWindows);

/** Latest window sums per `region|metric` from the indicators topic, read to its end. */
export async function readVigiaWindowSums(bus: Bus, indicatorsTopic: string): Promise<WindowSumsByKey> {
  const latest = new Map<string, { asOf: string; window: ComparedWindow; sum: WindowSum; series: string }>();
  const partitions = await bus.admin.endOffsets(indicatorsTopic);
  for (const { partition } of partitions) {
    for await (const records of bus.readPartition(indicatorsTopic, partition)) {
      for (const record of records) {
        if (record.key === null) continue;
        if (record.value === null) {
          latest.delete(record.key);
          continue;
        }
        const decoded = decodeTopicValue('vigia.indicators.v1', record.value);
        if (!decoded.ok) throw new Error(`undecodable record on ${indicatorsTopic} at ${partition}:${record.offset}: ${decoded.message}`);
        const indicator = decoded.value;
        if (!windowSet.has(indicator.window)) continue;
        latest.set(record.key, {
          asOf: indicator.asOf,
          window: indicator.window as ComparedWindow,
          sum: { value: indicator.value, events: indicator.contributingEvents },
          series: `${indicator.region}|${indicator.metric}`,
        });
      }
    }
  }
  const bySeries = new Map<string, { asOf: string; windows: Partial<Record<ComparedWindow, WindowSum>> }>();
  for (const { asOf, window, sum, series } of latest.values()) {
    const entry = bySeries.get(series) ?? { asOf, windows: {} };
    if (asOf > entry.asOf) entry.asOf = asOf;
    entry.windows[window] = sum;
    bySeries.set(series, entry);
  }
  return bySeries as ReadonlyMap<string, SeriesWindowSums>;
}
