import type { BucketRecord, IndicatorRecord, StepOutputs } from './outputs.ts';

/**
 * Merges the outputs of several steps into one record per key, which is all a
 * compacted topic keeps anyway. Per key the last record wins; an indicator
 * keeps the `previousValue` of its first record (the value before the
 * steps) and is a correction if any of its records was; the latest
 * watermark wins. Keys keep the order of their first record. Every survey
 * year has a key of its own, so merging never drops a year.
 */
export function coalesceOutputs(steps: Iterable<StepOutputs>): StepOutputs {
  const buckets = new Map<string, BucketRecord>();
  const indicators = new Map<string, IndicatorRecord>();
  let watermark: string | undefined;
  for (const step of steps) {
    for (const record of step.buckets) buckets.set(record.key, record);
    for (const record of step.indicators) indicators.set(record.key, merge(indicators.get(record.key), record));
    if (step.watermark !== undefined && (watermark === undefined || step.watermark > watermark)) watermark = step.watermark;
  }
  return { buckets: [...buckets.values()], indicators: [...indicators.values()], ...(watermark === undefined ? {} : { watermark }) };
}

function merge(earlier: IndicatorRecord | undefined, later: IndicatorRecord): IndicatorRecord {
  if (earlier?.value == null || later.value === null) return later;
  return {
    ...later,
    value: { ...later.value, previousValue: earlier.value.previousValue, correction: earlier.value.correction || later.value.correction },
  };
}
