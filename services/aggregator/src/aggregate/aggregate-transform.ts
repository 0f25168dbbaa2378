import { perRecord, type BatchTransform, type ConsumedRecord, type TransformContext } from '@vigia/bus';
import {
  abortTransaction,
  applyBatch,
  commitTransaction,
  inTransaction,
  startTransaction,
  type AggregateInput,
  type AggregationState,
  type BucketRecord,
  type StepOutputs,
} from '@vigia/indicators';
import { decodeTopicValue } from '@vigia/schemas';
import { bucketOutgoing, indicatorOutgoing, watermarkChangelogOutgoing, type TopicLayout } from '../output-records.ts';

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

function decodeInput(record: ConsumedRecord): AggregateInput {
  if (record.value === null) throw new ContributionRejected('VALUE_MISSING', 'the contribution has no value (tombstone)');
  const decoded = decodeTopicValue('vigia.contributions.v1', record.value);
  if (!decoded.ok) throw new ContributionRejected(decoded.reason, `not a contribution or watermark: ${decoded.message}`);
  return decoded.value;
}

class ContributionRejected extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.name = 'ContributionRejected';
    this.reason = reason;
  }
}

/**
 * The aggregation's batch transform: the batch's contributions and watermarks
 * update the partition's state in place (journaled) as one `applyBatch`, which
 * publishes each changed bucket and indicator once: bucket updates and the
 * new watermark to the changelog, indicator values to `vigia.indicators.v2`,
 * in the same commit as the input offsets. An aborted batch is undone in
 * memory, so its redelivery meets the state of the last committed batch.
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
      const tombstones = owned.restoreTombstones;
      if (tombstones.length > 0) {
        inFlightTombstones.set(context.partition, tombstones);
        owned.restoreTombstones = [];
      }
      try {
        const inputs: AggregateInput[] = [];
        const decoded = await perRecord((record) => {
          try {
            inputs.push(decodeInput(record));
          } catch (error) {
            if (error instanceof ContributionRejected) return { reject: { reason: error.reason, message: error.message } };
            throw error;
          }
          return { outputs: [] };
        })(records, context);
        const applied = applyBatch(owned.state, inputs);
        const batch: StepOutputs = { ...applied, buckets: [...tombstones, ...applied.buckets] };
        options.onBatchOutputs?.(context.partition, batch);
        const outputs = [
          ...batch.buckets.map((record) => bucketOutgoing(options.changelog, record)),
          ...(batch.watermark === undefined ? [] : [watermarkChangelogOutgoing(options.changelog, context.partition, batch.watermark)]),
          ...batch.indicators.map((record) => indicatorOutgoing(options.indicators, record)),
        ];
        return { outputs, rejections: decoded.rejections };
      } catch (error) {
        rollback(context.partition);
        throw error;
      }
    },
    onBatchAborted: (context) => rollback(context.partition),
  };
}
