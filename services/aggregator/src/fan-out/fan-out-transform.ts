import { perRecord, type BatchTransform, type ConsumedRecord, type RecordOutcome, type TransformContext } from '@vigia/bus';
import {
  abortTransaction,
  commitTransaction,
  fanOut,
  inTransaction,
  isoDayOf,
  startTransaction,
  type ChangeLedger,
  type FanOutOptions,
  type TargetRegionsOf,
} from '@vigia/indicators';
import { decodeTopicValue, type EventChange } from '@vigia/schemas';
import { contributionRecord, watermarkRecords, type TopicLayout } from '../output-records.ts';

export interface FanOutTransformOptions {
  /** The ledger of each owned `vigia.events.v1` partition. */
  readonly ledgers: Map<number, ChangeLedger>;
  readonly contributions: TopicLayout;
  readonly targetRegions: TargetRegionsOf;
  readonly fanOutOptions: FanOutOptions;
  /** Rebuilds a partition's ledger if it was not restored on assignment. */
  readonly ensureRestored: (partition: number) => Promise<void>;
  /** Told how many contributions a record produced, before its batch is committed. */
  readonly onContributions?: (partition: number, count: number) => void;
  readonly onRollback?: (partition: number) => void;
}

/** When the change happened to the report: CloudEvents `time` of its contributions (never the wall clock). */
export function changeTime(change: EventChange): string {
  if (change.type === 'event.recorded') return change.event.reportedAt;
  if (change.type === 'event.revised') return change.current.reportedAt;
  return change.retractedAt;
}

/**
 * One event change → one contribution per target region and day, re-keyed by
 * the region (the repartition step), with duplicates and overtaken changes
 * removed by the partition's ledger.
 */
export function fanOutRecord(record: ConsumedRecord, ledger: ChangeLedger, options: FanOutTransformOptions): RecordOutcome {
  if (record.value === null) return { reject: { reason: 'VALUE_MISSING', message: 'the event change has no value (tombstone)' } };
  const decoded = decodeTopicValue('vigia.events.v1', record.value);
  if (!decoded.ok) return { reject: { reason: decoded.reason, message: `not an event change: ${decoded.message}`, issues: decoded.issues } };
  const contributions = fanOut(ledger, decoded.value, options.targetRegions, options.fanOutOptions);
  const time = changeTime(decoded.value);
  options.onContributions?.(record.partition, contributions.length);
  return { outputs: contributions.map((contribution, index) => contributionRecord(options.contributions, contribution, index, time)) };
}

/**
 * The fan-out's batch transform and the hook that undoes an aborted batch.
 * The ledger's stream day is the latest daily event day its partition has read
 * (`watermarkDayOf`, surveys excluded): a batch that moves it also broadcasts
 * it as the watermark to every contributions partition, after its
 * contributions; the aggregate partitions take the latest mark they have seen
 * as their "as of" day. The ledger is restored up to the committed offset, so
 * its stream day is the last mark broadcast. It is journaled per batch: the previous batch of a partition was
 * committed when the next one arrives (an aborted one was rolled back).
 */
export function createFanOutTransform(options: FanOutTransformOptions): {
  readonly transform: BatchTransform;
  readonly onBatchAborted: (context: TransformContext) => void;
} {
  const rollback = (partition: number) => {
    const ledger = options.ledgers.get(partition);
    if (ledger !== undefined && inTransaction(ledger)) abortTransaction(ledger);
    options.onRollback?.(partition);
  };
  return {
    async transform(records, context) {
      await options.ensureRestored(context.partition);
      const ledger = options.ledgers.get(context.partition);
      if (ledger === undefined) throw new TypeError(`no ledger for partition ${context.partition} after restore`);
      if (inTransaction(ledger)) commitTransaction(ledger);
      startTransaction(ledger);
      const streamDayBefore = ledger.streamDay;
      try {
        const result = await perRecord((record) => fanOutRecord(record, ledger, options))(records, context);
        if (ledger.streamDay === undefined || ledger.streamDay === streamDayBefore) return result;
        return { ...result, outputs: [...result.outputs, ...watermarkRecords(options.contributions, isoDayOf(ledger.streamDay), context.partition)] };
      } catch (error) {
        // The loop may run the batch again after a retriable failure: it must meet the ledger as it was.
        rollback(context.partition);
        throw error;
      }
    },
    onBatchAborted: (context) => rollback(context.partition),
  };
}
