import type { BucketRecord, IndicatorRecord, StepOutputs } from './outputs.ts';

/**
 * Merges the outputs of a batch of steps into one record per key, which is
 * all a compacted topic keeps anyway. A busy region's figures change with
 * almost every contribution (PE's with every event), so a replay batch of 500
 * events would otherwise produce each of PE's indicators 500 times.
 *
 * Per key the last record wins; an indicator keeps the `previousValue` of
 * its first record in the batch (the value before the batch) and is a
 * correction if any of its records was. Keys keep the order of their first
 * record.
 */
export function coalesceOutputs(steps: Iterable<StepOutputs>): StepOutputs {
  const buckets = new Map<string, BucketRecord>();
  const indicators = new Map<string, IndicatorRecord>();
  for (const step of steps) {
    for (const record of step.buckets) buckets.set(record.key, record);
    for (const record of step.indicators) indicators.set(record.key, merge(indicators.get(record.key), record));
  }
  return { buckets: [...buckets.values()], indicators: [...indicators.values()] };
}

function merge(earlier: IndicatorRecord | undefined, later: IndicatorRecord): IndicatorRecord {
  if (earlier?.value == null || later.value === null) return later;
  return {
    ...later,
    value: { ...later.value, previousValue: earlier.value.previousValue, correction: earlier.value.correction || later.value.correction },
  };
}
