import type { Contribution, EventChange } from '@vigia/schemas';
import { advanceWatermark, applyBatch } from '../aggregate/apply-batch.ts';
import type { StepOutputs } from '../aggregate/outputs.ts';
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
  return applyAll(state, changes.flatMap((change) => contributionsOf(change, testTargetRegions, options)));
}

/** `advanceWatermark`, for symmetry in specs. */
export function tick(state: AggregationState, day: string): StepOutputs {
  return advanceWatermark(state, day);
}

/** The emitted indicator records of one region, metric and window, in order. */
export function emitted(outputs: StepOutputs, region: string, metric: string, window: string, year?: number) {
  return outputs.indicators.filter(
    (record) => record.region.code === region && record.metric === metric && record.window === window && (year === undefined || record.key.endsWith(`|${year}`)),
  );
}
