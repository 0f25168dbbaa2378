/**
 * THE one place the benchmark reads Vigía's trailing-window sums, through the
 * aggregator's public output only: the compacted `vigia.indicators.v2` topic,
 * decoded and validated with its schema from `@vigia/schemas`.
 *
 * What it relies on (the record shape): one record per daily series, keyed
 * `region|metric`, carrying all its figures as of the record's `asOf`; the
 * window sums are the figures whose metric is the series' own. The latest
 * record per key wins and `null` values are tombstones. When the record shape
 * changes, only this file changes.
 */
import type { Bus } from '@vigia/bus';
import { decodeTopicValue } from '@vigia/schemas';
import { comparedWindows, type ComparedWindow, type SeriesWindowSums, type WindowSum, type WindowSumsByKey } from './window-sums.ts';

const windowSet: ReadonlySet<string> = new Set(comparedWindows);

/** Latest window sums per `region|metric` from the indicators topic (one record per series), read to its end. */
export async function readVigiaWindowSums(bus: Bus, indicatorsTopic: string): Promise<WindowSumsByKey> {
  const bySeries = new Map<string, SeriesWindowSums>();
  const partitions = await bus.admin.endOffsets(indicatorsTopic);
  for (const { partition } of partitions) {
    for await (const records of bus.readPartition(indicatorsTopic, partition)) {
      for (const record of records) {
        if (record.key === null) continue;
        if (record.value === null) {
          bySeries.delete(record.key);
          continue;
        }
        const decoded = decodeTopicValue('vigia.indicators.v2', record.value);
        if (!decoded.ok) throw new Error(`undecodable record on ${indicatorsTopic} at ${partition}:${record.offset}: ${decoded.message}`);
        const series = decoded.value;
        if (series.year !== undefined) continue;
        const windows: Partial<Record<ComparedWindow, WindowSum>> = {};
        for (const figure of series.figures) {
          if (figure.metric !== series.metric || !windowSet.has(figure.window)) continue;
          windows[figure.window as ComparedWindow] = { value: figure.value, events: figure.contributingEvents };
        }
        bySeries.set(record.key, { asOf: series.asOf, windows });
      }
    }
  }
  return bySeries;
}
