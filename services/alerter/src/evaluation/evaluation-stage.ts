import {
  createStatefulStage,
  rejectRecord,
  type Bus,
  type OutgoingRecord,
  type Processor,
  type RecordOutcome,
  type RetryOptions,
  type StatefulStageDefinition,
} from '@vigia/bus';
import { noStreamTimeYet, type Engine, type EngineState } from '@vigia/rules';
import { cloudEventHeaders, cloudEventTypeOf, encodeTopicValue, type AlerterJob } from '@vigia/schemas';
import type { MetricsRegistry } from '@vigia/service-kit';
import type { Logger } from 'pino';
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
  readonly metrics?: MetricsRegistry;
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
  /** How far a partition's stream time may trail a wall-clock tick for the tick to count. Default {@link defaultLiveWindowMs}. */
  readonly liveWindowMs?: number;
  readonly maxBatchRecords?: number;
  readonly retry?: RetryOptions;
}

/** A week: reports of a live pipeline arrive within days of the events they describe. */
export const defaultLiveWindowMs = 7 * 86_400_000;

/** One input partition's state: an immutable value, replaced by every evaluation. */
export interface EvaluationState {
  readonly engine: EngineState;
  /** Latest completed slot per job; only partition 0 of the job-running stage reads it. */
  readonly lastCompleted: ReadonlyMap<string, string>;
}

/** Committed transitions, and those marked for notification. */
function transitionCounters(metrics: MetricsRegistry | undefined) {
  return {
    transitions: metrics?.counter({ name: 'vigia_alerter_transitions_total', help: 'Alert transitions committed to vigia.alerts.v1' }),
    notified: metrics?.counter({ name: 'vigia_alerter_notifiable_transitions_total', help: 'Committed transitions marked for notification' }),
    ticksIgnored: metrics?.counter({
      name: 'vigia_alerter_ticks_ignored_total',
      help: 'Wall-clock ticks that did not move time: the partition was catching up or its data is history',
    }),
  };
}

function completed(state: EvaluationState, job: string, slot: string): EvaluationState {
  const known = state.lastCompleted.get(job);
  if (known !== undefined && Date.parse(slot) <= Date.parse(known)) return state;
  return { ...state, lastCompleted: new Map(state.lastCompleted).set(job, slot) };
}

/**
 * One alert-evaluating stage on the stateful-stage scaffold: each input
 * partition's engine state is restored from `vigia.alert-state.v1` and the
 * actions topic on assignment, and every record is one pure evaluation whose
 * transitions and state records commit with the consumer position.
 */
export function createEvaluationStage(options: EvaluationStageOptions): { start(): Promise<Processor>; readonly states: ReadonlyMap<number, EvaluationState> } {
  const { bus, topics, partitions } = options;
  const log = options.logger.child({ stage: options.name });
  const counters = transitionCounters(options.metrics);
  const liveWindowMs = options.liveWindowMs ?? defaultLiveWindowMs;

  async function restore(partition: number): Promise<EvaluationState> {
    const statePartitions = options.restoreFromAllStatePartitions ? [...Array(partitions).keys()] : [partition];
    const entries = (await readEntries(bus, topics.alertState, statePartitions, log)).filter((entry) => options.owns(entry, partition, partitions));
    const silences = await readSilences(bus, topics.actions);
    let state: EvaluationState = { engine: stateOf(entries, silences, options.now().getTime()), lastCompleted: new Map() };
    if (options.runsJobs && partition === 0) {
      for await (const chunk of bus.readPartition(topics.jobs, 0)) {
        for (const record of chunk) {
          const decoded = decodeInput(topics.jobs, record.value);
          if (decoded.kind === 'job' && decoded.job.type === 'job.completed') state = completed(state, decoded.job.job, decoded.job.slot);
        }
      }
    }
    log.info({ partition, entries: entries.length, silences: silences.length }, 'partition alert state restored');
    return state;
  }

  /**
   * Whether a wall-clock tick at `slot` may move a partition's time: only when
   * the partition is live — every data input committed to its end (to within
   * one offset), and its stream time within the live window of the slot. A
   * history load or a backlog is judged by its own event time, never by
   * today's clock (a table of 2014–2021 loaded today is not "silent for 1,833
   * days", and a backlog does not fire absence alerts its own records are
   * about to resolve). Once a tick counts, the clock is the wall clock and
   * stays live through a quiet spell.
   */
  async function isLive(partition: number, clock: string | null, slot: string): Promise<boolean> {
    if (clock === null || Date.parse(slot) - Date.parse(clock) > liveWindowMs) return false;
    for (const topic of options.dataTopics) {
      const [ends, committed] = await Promise.all([bus.admin.endOffsets(topic), bus.admin.groupOffsets(options.groupId, topic)]);
      const end = ends.find((entry) => entry.partition === partition)?.offset ?? 0;
      // One short is caught up: on Kafka the offset after a transaction's last record holds its commit marker.
      if ((committed.find((entry) => entry.partition === partition)?.offset ?? 0) < end - 1) return false;
    }
    return true;
  }

  async function runJob(
    job: Extract<AlerterJob, { type: 'job.requested' }>,
    partition: number,
    lastCompleted: ReadonlyMap<string, string>,
  ): Promise<OutgoingRecord[]> {
    const done = lastCompleted.get(job.job);
    if (done !== undefined && Date.parse(job.slot) <= Date.parse(done)) {
      log.info({ job: job.job, slot: job.slot, lastCompleted: done }, 'job slot already completed; skipped');
      return [];
    }
    const digest = await buildDailyDigest(bus, topics.alerts, new Date(job.slot), options.now());
    log.info({ job: job.job, slot: job.slot, digestId: digest.digestId }, 'job completed');
    const record: AlerterJob = { type: 'job.completed', job: job.job, slot: job.slot };
    return [
      {
        topic: topics.digests,
        key: digest.digestId,
        value: encodeTopicValue('vigia.digests.v1', digest),
        headers: cloudEventHeaders({
          id: digest.digestId,
          source: alerterSource,
          type: cloudEventTypeOf(topics.digests, digest.type),
          time: digest.generatedAt,
        }),
      },
      {
        topic: topics.jobs,
        key: `job:${job.job}`,
        partition,
        value: encodeTopicValue('vigia.alerter.jobs.v1', record),
        headers: cloudEventHeaders({
          id: `${job.job}:${job.slot}:completed`,
          source: alerterSource,
          type: cloudEventTypeOf(topics.jobs, record.type),
          time: options.now(),
        }),
      },
    ];
  }

  const definition: StatefulStageDefinition<EvaluationState, Engine> = {
    restore,
    // The rules in force for the whole batch: a reload takes effect at the next one.
    begin: () => options.engine(),
    async process(record, batch): Promise<RecordOutcome> {
      const decoded = decodeInput(record.topic, record.value);
      if (decoded.kind === 'skip') return { outputs: [] };
      if (decoded.kind === 'reject') return rejectRecord(decoded.reason, decoded.message, decoded.issues);
      let inputs: readonly Parameters<Engine['evaluate']>[1][];
      let nowStreamTime: string;
      if (decoded.kind === 'engine') {
        inputs = decoded.inputs;
        nowStreamTime = decoded.nowStreamTime ?? batch.state.engine.clock ?? noStreamTimeYet;
      } else {
        const { job } = decoded;
        if (job.type === 'job.completed') {
          batch.setState(completed(batch.state, job.job, job.slot));
          return { outputs: [] };
        }
        if (job.type === 'job.requested') {
          if (!options.runsJobs || batch.partition !== 0) return { outputs: [] };
          const outputs = await runJob(job, batch.partition, batch.state.lastCompleted);
          if (outputs.length > 0) batch.setState(completed(batch.state, job.job, job.slot));
          return { outputs };
        }
        if (job.type === 'tick.requested') {
          if (!(await isLive(batch.partition, batch.state.engine.clock, job.slot))) {
            if (counters.ticksIgnored !== undefined) batch.count(counters.ticksIgnored);
            return { outputs: [] };
          }
          inputs = [{ type: 'tick' }];
          nowStreamTime = job.slot;
        } else {
          inputs = [job.action];
          nowStreamTime = job.action.at;
        }
      }
      // A series record is several inputs (its changed figures); they evaluate in order, each on the state the last left.
      let engine = batch.state.engine;
      const outputs: OutgoingRecord[] = [];
      let transitions = 0;
      let notified = 0;
      for (const input of inputs) {
        const evaluation = batch.scratch.evaluate(engine, input, nowStreamTime);
        outputs.push(...evaluation.transitions.map((transition) => transitionRecord(topics, transition)));
        for (const change of evaluation.stateChanges) {
          const out = stateRecord(topics, change, partitions);
          if (out !== undefined) outputs.push(out);
        }
        transitions += evaluation.transitions.length;
        notified += evaluation.transitions.filter((transition) => transition.notify).length;
        engine = evaluation.state;
      }
      if (counters.transitions !== undefined) batch.count(counters.transitions, {}, transitions);
      if (counters.notified !== undefined) batch.count(counters.notified, {}, notified);
      batch.setState({ ...batch.state, engine });
      return { outputs };
    },
  };

  const stage = createStatefulStage(bus, {
    name: options.name,
    groupId: options.groupId,
    inputTopics: [...options.dataTopics, topics.jobs],
    dlqTopic: topics.dlq,
    logger: options.logger,
    definition,
    now: options.now,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics.prometheus }),
    ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId }),
    ...(options.maxBatchRecords === undefined ? {} : { maxBatchRecords: options.maxBatchRecords }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  });
  return {
    states: stage.states,
    async start() {
      await stage.start();
      return stage;
    },
  };
}
