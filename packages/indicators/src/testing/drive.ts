import { indicatorValuesOf, type Contribution, type EventChange, type IndicatorValue } from '@vigia/schemas';
import { advanceWatermark, applyBatch } from '../aggregate/apply-batch.ts';
import type { IndicatorRecord, StepOutputs } from '../aggregate/outputs.ts';
import { baseMetricOf } from '../aggregate/query.ts';
import { contributionsOf } from '../fan-out/contributions.ts';
import type { FanOutOptions } from '../fan-out/placements.ts';
import type { AggregationState } from '../state/aggregation-state.ts';
import { testTargetRegions } from './fixtures.ts';

/**
 * Applies contributions as one batch, followed by the watermark the fan-out
 * would broadcast for them (their latest daily day), as the aggregator does.
 */
export function applyAll(state: AggregationState, contributions: readonly Contribution[]): StepOutputs {
  const days = contributions.filter((contribution) => contribution.source === undefined).map((contribution) => contribution.day);
  const watermark = days.length === 0 ? [] : [{ type: 'watermark.advanced' as const, day: days.reduce((a, b) => (a > b ? a : b)) }];
  return applyBatch(state, [...contributions, ...watermark]);
}

/** Fans changes out over the test gazetteer (no ledger) and applies them all to one state. */
export function applyChanges(state: AggregationState, changes: readonly EventChange[], options: FanOutOptions = {}): StepOutputs {
  return applyAll(
    state,
    changes.flatMap((change) => contributionsOf(change, testTargetRegions, options)),
  );
}

/** `advanceWatermark`, for symmetry in specs. */
export function tick(state: AggregationState, day: string): StepOutputs {
  return advanceWatermark(state, day);
}

/**
 * What one step published of one region, metric and window, in order: the
 * figure as a value where a series record changed it (`previousValue`
 * present), and `null` where the series (or survey year) holding it was
 * tombstoned. A figure that merely left a series that still has others shows
 * as absent from that series' record: see `figureOf`.
 */
export function emitted(
  outputs: StepOutputs,
  region: string,
  metric: string,
  window: string,
  year?: number,
): Array<{ key: string; value: IndicatorValue | null }> {
  const found: Array<{ key: string; value: IndicatorValue | null }> = [];
  for (const record of outputs.indicators) {
    if (record.region.code !== region || (year !== undefined && !record.key.endsWith(`|${year}`))) continue;
    if (record.value === null) {
      if (baseMetricOf(metric) === record.metric) found.push({ key: record.key, value: null });
      continue;
    }
    for (const value of indicatorValuesOf(record.value)) if (value.metric === metric && value.window === window) found.push({ key: record.key, value });
  }
  return found;
}

/** The figure of `metric` in `window` that the series record carries, changed or not; `undefined` when it holds none. */
export function figureOf(record: IndicatorRecord | undefined, metric: string, window: string): IndicatorValue | undefined {
  if (record?.value == null) return undefined;
  return indicatorValuesOf(record.value, { all: true }).find((value) => value.metric === metric && value.window === window);
}
