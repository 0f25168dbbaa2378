import { rejectRecord, type StatefulStageDefinition } from '@vigia/bus';
import {
  abortTransaction,
  applyContribution,
  coalesceOutputs,
  commitTransaction,
  inTransaction,
  startTransaction,
  type AggregationState,
  type BucketRecord,
  type StepOutputs,
} from '@vigia/indicators';
import { decodeTopicValue } from '@vigia/schemas';
import type { AggregatorMetrics } from '../aggregator-metrics.ts';
import { bucketOutgoing, indicatorOutgoing, type TopicLayout } from '../output-records.ts';

/** A region partition's state and the changelog tombstones its restore found (buckets behind the horizon). */
export interface PartitionState {
  readonly state: AggregationState;
  restoreTombstones: BucketRecord[];
}

export interface AggregateDefinitionOptions {
  readonly changelog: TopicLayout;
  readonly indicators: TopicLayout;
  readonly restore: (partition: number) => Promise<PartitionState>;
  readonly metrics?: AggregatorMetrics;
}

/** What one batch computed, published once at its end, and the restore tombstones it took over. */
interface BatchSteps {
  readonly steps: StepOutputs[];
  readonly tombstones: BucketRecord[];
}

/**
 * The aggregation's domain logic on the stateful-stage scaffold: every
 * contribution of the batch updates the partition's daily buckets in place
 * (journaled from `begin`), and the batch publishes each changed bucket and
 * indicator once (`coalesceOutputs`): bucket updates to the changelog and
 * indicator values to `vigia.indicators.v1`, in the same commit as the input
 * offsets. An aborted batch is undone in memory, so its redelivery meets the
 * state of the last committed batch.
 */
export function aggregateDefinition(options: AggregateDefinitionOptions): StatefulStageDefinition<PartitionState, BatchSteps> {
  const { metrics } = options;
  return {
    restore: options.restore,
    begin(owned) {
      startTransaction(owned.state);
      const tombstones = owned.restoreTombstones;
      owned.restoreTombstones = [];
      return { steps: tombstones.length > 0 ? [{ buckets: tombstones, indicators: [] }] : [], tombstones };
    },
    process(record, batch) {
      if (record.value === null) return rejectRecord('VALUE_MISSING', 'the contribution has no value (tombstone)');
      const decoded = decodeTopicValue('vigia.contributions.v1', record.value);
      if (!decoded.ok) return rejectRecord(decoded.reason, `not a contribution: ${decoded.message}`, decoded.issues);
      batch.scratch.steps.push(applyContribution(batch.state.state, decoded.value));
      return { outputs: [] };
    },
    finish(batch) {
      const outputs = coalesceOutputs(batch.scratch.steps);
      if (metrics !== undefined) {
        batch.count(metrics.buckets, {}, outputs.buckets.length);
        const values = outputs.indicators.filter((record) => record.value !== null);
        batch.count(metrics.indicators, { kind: 'value' }, values.length);
        batch.count(metrics.indicators, { kind: 'tombstone' }, outputs.indicators.length - values.length);
        batch.count(metrics.corrections, {}, values.filter((record) => record.value?.correction === true).length);
      }
      return [
        ...outputs.buckets.map((record) => bucketOutgoing(options.changelog, record)),
        ...outputs.indicators.map((record) => indicatorOutgoing(options.indicators, record)),
      ];
    },
    committed: ({ state: owned }) => commitTransaction(owned.state),
    aborted({ state: owned, scratch }) {
      if (inTransaction(owned.state)) abortTransaction(owned.state);
      // Not published after all: the next batch publishes them.
      owned.restoreTombstones = scratch.tombstones;
    },
  };
}
