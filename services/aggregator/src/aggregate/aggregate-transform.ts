import { rejectRecord, type StatefulStageDefinition } from '@vigia/bus';
import {
  abortTransaction,
  applyBatch,
  commitTransaction,
  inTransaction,
  startTransaction,
  type AggregateInput,
  type AggregationState,
  type BucketRecord,
} from '@vigia/indicators';
import { decodeTopicValue } from '@vigia/schemas';
import type { AggregatorMetrics } from '../aggregator-metrics.ts';
import { bucketOutgoing, indicatorOutgoing, watermarkChangelogOutgoing, type TopicLayout } from '../output-records.ts';

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

/** The batch's decoded inputs, applied at its end, and the restore tombstones it took over. */
interface BatchInputs {
  readonly inputs: AggregateInput[];
  readonly tombstones: BucketRecord[];
}

/**
 * The aggregation's domain logic on the stateful-stage scaffold: each record
 * of the batch is decoded on its own (a bad one goes to the DLQ), then the
 * batch's contributions and watermarks update the partition's state in place
 * (journaled from `begin`) as one `applyBatch`, which publishes each changed
 * bucket and indicator once: bucket updates and the new watermark to the
 * changelog, one record per changed series to `vigia.indicators.v2`, in the same commit as
 * the input offsets. An aborted batch is undone in memory, so its redelivery
 * meets the state of the last committed batch.
 */
export function aggregateDefinition(options: AggregateDefinitionOptions): StatefulStageDefinition<PartitionState, BatchInputs> {
  const { metrics } = options;
  return {
    restore: options.restore,
    begin(owned) {
      startTransaction(owned.state);
      const tombstones = owned.restoreTombstones;
      owned.restoreTombstones = [];
      return { inputs: [], tombstones };
    },
    process(record, batch) {
      if (record.value === null) return rejectRecord('VALUE_MISSING', 'the contribution has no value (tombstone)');
      const decoded = decodeTopicValue('vigia.contributions.v1', record.value);
      if (!decoded.ok) return rejectRecord(decoded.reason, `not a contribution or watermark: ${decoded.message}`, decoded.issues);
      batch.scratch.inputs.push(decoded.value);
      return { outputs: [] };
    },
    finish(batch) {
      const applied = applyBatch(batch.state.state, batch.scratch.inputs);
      const buckets = [...batch.scratch.tombstones, ...applied.buckets];
      if (metrics !== undefined) {
        batch.count(metrics.buckets, {}, buckets.length);
        const values = applied.indicators.filter((record) => record.value !== null);
        batch.count(metrics.indicators, { kind: 'value' }, values.length);
        batch.count(metrics.indicators, { kind: 'tombstone' }, applied.indicators.length - values.length);
        batch.count(metrics.corrections, {}, values.filter((record) => record.value?.correction === true).length);
      }
      return [
        ...buckets.map((record) => bucketOutgoing(options.changelog, record)),
        // A watermark moves without writing a bucket: the restore needs it to resume at the same "as of" day.
        ...(applied.watermark === undefined ? [] : [watermarkChangelogOutgoing(options.changelog, batch.partition, applied.watermark)]),
        ...applied.indicators.map((record) => indicatorOutgoing(options.indicators, record)),
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
