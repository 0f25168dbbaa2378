import { perRecord, type BatchTransform, type ConsumedRecord, type TransformContext } from '@vigia/bus';
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
import { decodeTopicValue, type Contribution, type DlqReasonCode } from '@vigia/schemas';
import { bucketOutgoing, indicatorOutgoing, type TopicLayout } from '../output-records.ts';

/** A region partition's state and the changelog tombstones its restore found (buckets behind the horizon). */
export interface PartitionState {
  readonly state: AggregationState;
  restoreTombstones: BucketRecord[];
}

export interface AggregateTransformOptions {
  readonly states: Map<number, PartitionState>;
  readonly changelog: TopicLayout;
  readonly indicators: TopicLayout;
  /** Restores a partition's state if it was not restored on assignment. */
  readonly ensureRestored: (partition: number) => Promise<void>;
  /** Told what a batch will publish, before it is committed. */
  readonly onBatchOutputs?: (partition: number, outputs: StepOutputs) => void;
  readonly onRollback?: (partition: number) => void;
}

function decodeContribution(record: ConsumedRecord): Contribution {
  if (record.value === null) throw new ContributionRejected('VALUE_MISSING', 'the contribution has no value (tombstone)');
  const decoded = decodeTopicValue('vigia.contributions.v1', record.value);
  if (!decoded.ok) throw new ContributionRejected(decoded.reason, `not a contribution: ${decoded.message}`);
  return decoded.value;
}

class ContributionRejected extends Error {
  readonly reason: DlqReasonCode;
  constructor(reason: DlqReasonCode, message: string) {
    super(message);
    this.name = 'ContributionRejected';
    this.reason = reason;
  }
}

/**
 * The aggregation's batch transform: every contribution of the batch updates
 * the partition's daily buckets in place (journaled), and the batch publishes
 * each changed bucket and indicator once (`coalesceOutputs`): bucket updates
 * to the changelog and indicator values to `vigia.indicators.v1`, in the same
 * commit as the input offsets. An aborted batch is undone in memory, so its
 * redelivery meets the state of the last committed batch.
 */
export function createAggregateTransform(options: AggregateTransformOptions): {
  readonly transform: BatchTransform;
  readonly onBatchAborted: (context: TransformContext) => void;
} {
  const inFlightTombstones = new Map<number, BucketRecord[]>();
  const rollback = (partition: number) => {
    const owned = options.states.get(partition);
    if (owned !== undefined && inTransaction(owned.state)) abortTransaction(owned.state);
    const tombstones = inFlightTombstones.get(partition);
    if (owned !== undefined && tombstones !== undefined) owned.restoreTombstones = tombstones;
    inFlightTombstones.delete(partition);
    options.onRollback?.(partition);
  };
  return {
    async transform(records, context) {
      await options.ensureRestored(context.partition);
      const owned = options.states.get(context.partition);
      if (owned === undefined) throw new TypeError(`no state for partition ${context.partition} after restore`);
      // The previous batch of the partition was committed (an aborted one was rolled back): its changes are final.
      if (inTransaction(owned.state)) commitTransaction(owned.state);
      inFlightTombstones.delete(context.partition);
      startTransaction(owned.state);
      const steps: StepOutputs[] = [];
      if (owned.restoreTombstones.length > 0) {
        steps.push({ buckets: owned.restoreTombstones, indicators: [] });
        inFlightTombstones.set(context.partition, owned.restoreTombstones);
        owned.restoreTombstones = [];
      }
      try {
        const applied = await perRecord((record) => {
          try {
            steps.push(applyContribution(owned.state, decodeContribution(record)));
          } catch (error) {
            if (error instanceof ContributionRejected) return { reject: { reason: error.reason, message: error.message } };
            throw error;
          }
          return { outputs: [] };
        })(records, context);
        const batch = coalesceOutputs(steps);
        options.onBatchOutputs?.(context.partition, batch);
        const outputs = [
          ...batch.buckets.map((record) => bucketOutgoing(options.changelog, record)),
          ...batch.indicators.map((record) => indicatorOutgoing(options.indicators, record)),
        ];
        return { outputs, rejections: applied.rejections };
      } catch (error) {
        rollback(context.partition);
        throw error;
      }
    },
    onBatchAborted: (context) => rollback(context.partition),
  };
}
