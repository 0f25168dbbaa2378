import { createPartitionRestorer, createProcessor, isRetriable, type Bus, type OutgoingRecord, type Processor, type Rejection, type RetryOptions, type TransformContext } from '@vigia/bus';
import { noStreamTimeYet, type Engine, type EngineState } from '@vigia/rules';
import { cloudEventHeaders, cloudEventTypeOf, encodeTopicValue, type AlerterJob } from '@vigia/schemas';
import type { Logger } from 'pino';
import { AlerterError } from '../alerter-errors.ts';
import { buildDailyDigest } from '../jobs/digest.ts';
import { decodeInput } from './decode-input.ts';
import { alerterSource, stateRecord, transitionRecord, type AlerterTopicNames } from './output-records.ts';
import { readEntries, readSilences, stateOf, type EntryFilter } from './restore-partition.ts';

export interface EvaluationTopics extends AlerterTopicNames {
  readonly actions: string;
  readonly dlq: string;
}

export interface EvaluationStageOptions {
  readonly name: string;
  readonly bus: Bus;
  readonly logger: Logger;
  readonly groupId: string;
  readonly transactionalId: string | undefined;
  /** The data inputs (indicators + contributions, or events); the jobs topic is always added. */
  readonly dataTopics: readonly string[];
  readonly topics: EvaluationTopics;
  readonly engine: () => Engine;
  readonly owns: EntryFilter;
  /** Single-event entries live on their region's state partition, not their event's: read them all. */
  readonly restoreFromAllStatePartitions: boolean;
  /** Whether this stage runs the claimed jobs (the daily digest) found on jobs partition 0. */
  readonly runsJobs: boolean;
  readonly partitions: number;
  readonly now: () => Date;
  readonly onCommitted?: (counts: { readonly transitions: number; readonly notified: number }) => void;
  readonly onRejected?: (reason: string) => void;
  readonly maxBatchRecords?: number;
  readonly retry?: RetryOptions;
}

interface PartitionSnapshot {
  readonly state: EngineState;
  readonly lastCompleted: ReadonlyMap<string, string>;
}

/**
 * One alert-evaluating stage on the bus's processing loop: each input
 * partition has its own engine state (restored from `vigia.alert-state.v1` and
 * the actions topic on assignment), transitions and state records are
 * committed with the consumer position in one transaction, and a batch that
 * aborts rolls the partition's state back.
 */
export function createEvaluationStage(options: EvaluationStageOptions): { start(): Promise<Processor>; readonly states: ReadonlyMap<number, EngineState> } {
  const { bus, topics, partitions } = options;
  const log = options.logger.child({ stage: options.name });
  const states = new Map<number, EngineState>();
  const lastCompleted = new Map<string, string>();
  const snapshots = new Map<number, PartitionSnapshot>();

  async function load(partition: number): Promise<EngineState> {
    try {
      const statePartitions = options.restoreFromAllStatePartitions ? [...Array(partitions).keys()] : [partition];
      const entries = (await readEntries(bus, topics.alertState, statePartitions, log)).filter((entry) => options.owns(entry, partition, partitions));
      const silences = await readSilences(bus, topics.actions);
      if (options.runsJobs && partition === 0) await restoreClaims();
      log.info({ partition, entries: entries.length, silences: silences.length }, 'partition alert state restored');
      return stateOf(entries, silences, options.now().getTime());
    } catch (error) {
      throw new AlerterError('VIGIA_ALERTER_RESTORE_FAILED', `could not restore partition ${partition}`, {
        cause: error,
        context: { stage: options.name, partition, topic: topics.alertState },
        retriable: isRetriable(error),
      });
    }
  }

  async function restoreClaims(): Promise<void> {
    for await (const chunk of bus.readPartition(topics.jobs, 0)) {
      for (const record of chunk) {
        const decoded = decodeInput(topics.jobs, record.value);
        if (decoded.kind === 'job' && decoded.job.type === 'job.completed') complete(decoded.job.job, decoded.job.slot);
      }
    }
  }

  function complete(job: string, slot: string): void {
    const known = lastCompleted.get(job);
    if (known === undefined || Date.parse(slot) > Date.parse(known)) lastCompleted.set(job, slot);
  }

  const restorer = createPartitionRestorer({
    has: (partition) => states.has(partition),
    load,
    install: (partition, state) => states.set(partition, state),
    // A partition number is owned only while every input topic's partition of that number is.
    drop: (partition) => {
      states.delete(partition);
      snapshots.delete(partition);
    },
  });
  const ensureRestored = (partition: number) => restorer.ensure(partition);

  async function runJob(job: Extract<AlerterJob, { type: 'job.requested' }>, partition: number): Promise<OutgoingRecord[]> {
    const done = lastCompleted.get(job.job);
    if (done !== undefined && Date.parse(job.slot) <= Date.parse(done)) {
      log.info({ job: job.job, slot: job.slot, lastCompleted: done }, 'job slot already completed; skipped');
      return [];
    }
    const slot = new Date(job.slot);
    const digest = await buildDailyDigest(bus, topics.alerts, slot, options.now());
    complete(job.job, job.slot);
    log.info({ job: job.job, slot: job.slot, digestId: digest.digestId }, 'job completed');
    const completed: AlerterJob = { type: 'job.completed', job: job.job, slot: job.slot };
    return [
      {
        topic: topics.digests,
        key: digest.digestId,
        value: encodeTopicValue('vigia.digests.v1', digest),
        headers: cloudEventHeaders({ id: digest.digestId, source: alerterSource, type: cloudEventTypeOf(topics.digests, digest.type), time: digest.generatedAt }),
      },
      {
        topic: topics.jobs,
        key: `job:${job.job}`,
        partition,
        value: encodeTopicValue('vigia.alerter.jobs.v1', completed),
        headers: cloudEventHeaders({ id: `${job.job}:${job.slot}:completed`, source: alerterSource, type: cloudEventTypeOf(topics.jobs, completed.type), time: options.now() }),
      },
    ];
  }

  async function transform(records: Parameters<Parameters<typeof createProcessor>[1]['transform']>[0], where: TransformContext) {
    const { partition } = where;
    await ensureRestored(partition);
    const before = states.get(partition)!;
    snapshots.set(partition, { state: before, lastCompleted: new Map(lastCompleted) });
    const engine = options.engine();
    let state = before;
    const outputs: OutgoingRecord[] = [];
    const rejections: Rejection[] = [];
    let transitions = 0;
    let notified = 0;
    for (const record of records) {
      const decoded = decodeInput(record.topic, record.value);
      if (decoded.kind === 'skip') continue;
      if (decoded.kind === 'reject') {
        rejections.push({ record, reason: decoded.reason, message: decoded.message, issues: decoded.issues });
        continue;
      }
      let inputs: readonly Parameters<Engine['evaluate']>[1][];
      let nowStreamTime: string;
      if (decoded.kind === 'engine') {
        inputs = decoded.inputs;
        nowStreamTime = decoded.nowStreamTime ?? state.clock ?? noStreamTimeYet;
      } else {
        const job = decoded.job;
        if (job.type === 'job.completed') {
          complete(job.job, job.slot);
          continue;
        }
        if (job.type === 'job.requested') {
          if (options.runsJobs && partition === 0) outputs.push(...(await runJob(job, partition)));
          continue;
        }
        if (job.type === 'tick.requested') {
          inputs = [{ type: 'tick' }];
          nowStreamTime = job.slot;
        } else {
          inputs = [job.action];
          nowStreamTime = job.action.at;
        }
      }
      for (const input of inputs) {
        const evaluation = engine.evaluate(state, input, nowStreamTime);
        for (const transition of evaluation.transitions) {
          outputs.push(transitionRecord(topics, transition));
          transitions++;
          if (transition.notify) notified++;
        }
        for (const change of evaluation.stateChanges) {
          const out = stateRecord(topics, change, partitions);
          if (out !== undefined) outputs.push(out);
        }
        state = evaluation.state;
      }
    }
    states.set(partition, state);
    pendingCounts.set(partition, { transitions, notified });
    return { outputs, rejections };
  }
  const pendingCounts = new Map<number, { transitions: number; notified: number }>();

  function onBatchAborted(where: TransformContext): void {
    const snapshot = snapshots.get(where.partition);
    if (snapshot === undefined) return;
    states.set(where.partition, snapshot.state);
    lastCompleted.clear();
    for (const [job, slot] of snapshot.lastCompleted) lastCompleted.set(job, slot);
    pendingCounts.delete(where.partition);
    log.warn({ partition: where.partition }, 'batch aborted; partition state rolled back');
  }

  return {
    states,
    async start() {
      const processor = createProcessor(bus, {
        name: options.name,
        groupId: options.groupId,
        inputTopics: [...options.dataTopics, topics.jobs],
        dlqTopic: topics.dlq,
        transform,
        logger: log,
        ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId }),
        ...(options.maxBatchRecords === undefined ? {} : { maxBatchRecords: options.maxBatchRecords }),
        ...(options.retry === undefined ? {} : { retry: options.retry }),
        now: options.now,
        metrics: {
          recordRejected: (reason) => options.onRejected?.(reason),
          batchCommitted: (_topic, partition) => {
            const counts = pendingCounts.get(partition);
            pendingCounts.delete(partition);
            if (counts !== undefined) options.onCommitted?.(counts);
          },
        },
        onBatchAborted,
        partitionState: restorer,
      });
      await processor.start();
      return processor;
    },
  };
}
