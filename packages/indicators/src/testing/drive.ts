import type { Contribution, EventChange } from '@vigia/schemas';
import { advanceStreamTime } from '../aggregate/advance-stream-time.ts';
import { applyContribution } from '../aggregate/apply-contribution.ts';
import type { StepOutputs } from '../aggregate/outputs.ts';
import { contributionsOf } from '../fan-out/contributions.ts';
import type { FanOutOptions } from '../fan-out/placements.ts';
import type { AggregationState } from '../state/aggregation-state.ts';
import { testTargetRegions } from './fixtures.ts';

/** Applies contributions in order and concatenates what they produced. */
export function applyAll(state: AggregationState, contributions: readonly Contribution[]): StepOutputs {
  const outputs: StepOutputs = { buckets: [], indicators: [] };
  for (const contribution of contributions) {
    const step = applyContribution(state, contribution);
    outputs.buckets.push(...step.buckets);
    outputs.indicators.push(...step.indicators);
  }
  return outputs;
}

/** Fans changes out over the test gazetteer (no ledger) and applies them all to one state. */
export function applyChanges(state: AggregationState, changes: readonly EventChange[], options: FanOutOptions = {}): StepOutputs {
  return applyAll(state, changes.flatMap((change) => contributionsOf(change, testTargetRegions, options)));
}

/** `advanceStreamTime`, for symmetry in specs. */
export function tick(state: AggregationState, day: string): StepOutputs {
  return advanceStreamTime(state, day);
}

/** The emitted indicator records of one region, metric and window, in order. */
export function emitted(outputs: StepOutputs, region: string, metric: string, window: string) {
  return outputs.indicators.filter((record) => record.region.code === region && record.metric === metric && record.window === window);
}
