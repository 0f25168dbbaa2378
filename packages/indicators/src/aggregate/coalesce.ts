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
 * record. Annual figures are the exception: each survey year is a period of
 * its own, so a batch holding the 2019 and the 2020 national survey publishes
 * both — merged, the alerter would see 88,200 ha with nothing before it and no
 * year-on-year growth (seen with Kafka's larger fetch batches).
 */
export function coalesceOutputs(steps: Iterable<StepOutputs>): StepOutputs {
  const buckets = new Map<string, BucketRecord>();
  const indicators = new Map<string, IndicatorRecord>();
  for (const step of steps) {
    for (const record of step.buckets) buckets.set(record.key, record);
    for (const record of step.indicators) {
      const key = periodKeyOf(record);
      indicators.set(key, merge(indicators.get(key), record));
    }
  }
  return { buckets: [...buckets.values()], indicators: [...indicators.values()] };
}

function periodKeyOf(record: IndicatorRecord): string {
  return record.window === 'annual' && record.value !== null ? `${record.key}@${record.value.asOf}` : record.key;
}

function merge(earlier: IndicatorRecord | undefined, later: IndicatorRecord): IndicatorRecord {
  if (earlier?.value == null || later.value === null) return later;
  return {
    ...later,
    value: { ...later.value, previousValue: earlier.value.previousValue, correction: earlier.value.correction || later.value.correction },
  };
}
