import type { DlqReasonCode } from '@vigia/schemas';
import type { Counter, Registry } from 'prom-client';
import { BusError } from '../bus-errors.ts';
import { createPartitionRestorer } from '../partition-restorer.ts';
import type { Bus, ConsumedRecord, OutgoingRecord } from '../port.ts';
import { createProcessor, type Processor, type ProcessorOptions } from '../processor.ts';
import { isRetriable } from '../retry.ts';
import { applyIsolated, type RecordOutcome, type Rejection, type TransformContext, type TransformResult } from '../transform.ts';
import { stageLoopMetrics } from './stage-metrics.ts';

/** A prom-client counter a stage counts into with `batch.count`. */
export type StageCounter<Label extends string = string> = Counter<Label>;

/** What a stage's hooks see of the batch in flight on one input partition. */
export interface StageBatch<State, Scratch> {
  readonly topic: string;
  readonly partition: number;
  /** The partition's state, restored before its first batch (the latest `setState`, if any). */
  readonly state: State;
  /**
   * Replaces the partition's state, for stages whose state is an immutable
   * value (a pure core returning the next state). If the batch aborts, the
   * state it began with is put back before `aborted` runs.
   */
  setState(next: State): void;
  /** What `begin` returned for this batch: whatever the stage gathers until `finish`. */
  readonly scratch: Scratch;
  /**
   * Adds to a counter once this batch is committed; an aborted batch adds
   * nothing, so a redelivered record is counted once.
   */
  count<Label extends string>(counter: Counter<Label>, labels?: Partial<Record<Label, string | number>>, value?: number): void;
}

/**
 * A stateful stage's domain logic, and nothing else: the scaffold
 * (`createStatefulStage`) owns restore on assignment, the batch transaction,
 * isolation of records, DLQ routing, counting after commit and the loop
 * metrics. Modelled on Kafka Streams' `Processor` (`init`, `process`, a state
 * store per task) with the transaction boundaries made explicit.
 */
export interface StatefulStageDefinition<State, Scratch = undefined> {
  /**
   * Rebuilds the state of one input partition when it is assigned (from a
   * compacted topic of the stage's own state: bounded by the state, not the
   * history). Throw a retriable error to have the next batch try again.
   */
  restore(partition: number): Promise<State>;
  /** Opens the batch's transaction on the state (e.g. starts a journal); returns the batch's scratch. */
  begin?(state: State, context: TransformContext): Scratch;
  /**
   * One record: its outputs, or `rejectRecord(reason, …)`. A throw rejects
   * only this record (`PROCESSING_FAILED`) unless it is retriable, which
   * aborts the batch and runs it again. Change the state last, after anything
   * that can throw, so a failed record leaves no trace.
   */
  process(record: ConsumedRecord, batch: StageBatch<State, Scratch>): RecordOutcome | Promise<RecordOutcome>;
  /** Outputs of the batch as a whole, after its last record (e.g. one record per changed series). */
  finish?(batch: StageBatch<State, Scratch>): readonly OutgoingRecord[];
  /** The batch is committed with its outputs and offsets: its changes are final. */
  committed?(batch: StageBatch<State, Scratch>): void;
  /** The batch did not commit and will be delivered again: undo what it changed. */
  aborted?(batch: StageBatch<State, Scratch>): void;
}

export interface StatefulStageOptions<State, Scratch>
  extends Omit<ProcessorOptions, 'transform' | 'onBatchAborted' | 'onBatchCommitted' | 'partitionState' | 'metrics'> {
  /** `name` is also the `stage` label of the loop metrics. */
  readonly definition: StatefulStageDefinition<State, Scratch>;
  /** Where the loop metrics go (prom-client); none when absent. */
  readonly metrics?: Registry;
  /** The DLQ reasons the stage can give, shown at 0 in `/metrics` before the first rejection. */
  readonly rejectionReasons?: readonly DlqReasonCode[];
}

export interface StatefulStage<State> extends Processor {
  /** State per owned input partition number. */
  readonly states: ReadonlyMap<number, State>;
}

interface InFlight<State, Scratch> extends StageBatch<State, Scratch> {
  readonly began: State;
  readonly pendingCounts: (() => void)[];
}

/**
 * The one shell of every stateful stage, on the bus's one processing loop:
 * per-partition state restored on assignment and dropped on revocation,
 * `begin` / `committed` / `aborted` around each batch's transaction, every
 * record isolated, rejections to the DLQ, counters published only after
 * commit, and `vigia_stage_*` loop metrics labelled by stage.
 */
export function createStatefulStage<State, Scratch = undefined>(bus: Bus, options: StatefulStageOptions<State, Scratch>): StatefulStage<State> {
  const { definition, metrics: registry, rejectionReasons, ...loop } = options;
  const log = options.logger.child({ stage: options.name });
  const metrics = registry === undefined ? undefined : stageLoopMetrics(registry, options.name, rejectionReasons);
  const states = new Map<number, State>();
  const inFlight = new Map<number, InFlight<State, Scratch>>();

  async function load(partition: number): Promise<State> {
    const startedMs = performance.now();
    try {
      const state = await definition.restore(partition);
      const seconds = (performance.now() - startedMs) / 1000;
      metrics?.restored(seconds);
      log.info({ partition, durationMs: Math.round(seconds * 1000) }, 'partition state restored');
      return state;
    } catch (error) {
      throw new BusError('VIGIA_BUS_RESTORE_FAILED', `stage ${options.name} could not restore partition ${partition}`, {
        cause: error,
        context: { stage: options.name, partition },
        retriable: isRetriable(error),
      });
    }
  }

  const restorer = createPartitionRestorer({
    has: (partition) => states.has(partition),
    load,
    install: (partition, state) => states.set(partition, state),
    drop: (partition) => {
      states.delete(partition);
      inFlight.delete(partition);
    },
  });

  function settle(partition: number, outcome: 'committed' | 'aborted'): void {
    const batch = inFlight.get(partition);
    if (batch === undefined) return;
    inFlight.delete(partition);
    if (outcome === 'aborted') {
      if (states.has(partition)) states.set(partition, batch.began);
      definition.aborted?.(batch);
      return;
    }
    definition.committed?.(batch);
    for (const publish of batch.pendingCounts) publish();
  }

  async function transform(records: readonly ConsumedRecord[], where: TransformContext): Promise<TransformResult> {
    // A restore that failed on assignment is tried again here, before the partition's next batch.
    await restorer.ensure(where.partition);
    const state = states.get(where.partition);
    if (state === undefined) {
      // Revoked while restoring: the loop stops retrying once the partition is no longer active.
      throw new BusError('VIGIA_BUS_PARTITION_REVOKED', `partition ${where.partition} of ${where.topic} was revoked during its restore`, {
        context: { stage: options.name, topic: where.topic, partition: where.partition },
        retriable: true,
      });
    }
    // A batch left in flight (the loop stopped between transform and commit) never committed.
    settle(where.partition, 'aborted');
    const pendingCounts: (() => void)[] = [];
    let current: State = state;
    const batch: InFlight<State, Scratch> = {
      topic: where.topic,
      partition: where.partition,
      get state() {
        return current;
      },
      setState(next) {
        current = next;
        // A partition revoked mid-batch stays dropped; its next owner restores it.
        if (states.has(where.partition)) states.set(where.partition, next);
      },
      began: state,
      scratch: definition.begin?.(state, where) as Scratch,
      pendingCounts,
      count: (counter, labels = {}, value = 1) => pendingCounts.push(() => counter.inc(labels, value)),
    };
    inFlight.set(where.partition, batch);
    try {
      const outputs: OutgoingRecord[] = [];
      const rejections: Rejection[] = [];
      for (const record of records) {
        const outcome = await applyIsolated((input) => definition.process(input, batch), record, where);
        if ('reject' in outcome) rejections.push({ ...outcome.reject, record });
        else outputs.push(...outcome.outputs);
      }
      outputs.push(...(definition.finish?.(batch) ?? []));
      return { outputs, rejections };
    } catch (error) {
      // The loop may run the batch again after a retriable failure: it must meet the state as it was.
      settle(where.partition, 'aborted');
      throw error;
    }
  }

  const processor = createProcessor(bus, {
    ...loop,
    transform,
    partitionState: restorer,
    onBatchAborted: (where) => settle(where.partition, 'aborted'),
    onBatchCommitted: (where) => settle(where.partition, 'committed'),
    ...(metrics === undefined ? {} : { metrics }),
  });
  return {
    get state() {
      return processor.state;
    },
    get done() {
      return processor.done;
    },
    start: () => processor.start(),
    stop: () => processor.stop(),
    states,
  };
}
