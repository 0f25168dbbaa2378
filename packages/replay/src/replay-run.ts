import { partitionForKey } from '@vigia/bus';
import { surveyShareRegions, targetRegionRefs } from '@vigia/geo';
import {
  applyBatch,
  createAggregationState,
  createChangeLedger,
  fanOut,
  isoDayOf,
  partsOfChange,
  type AggregateInput,
  type AggregationState,
  type ChangeLedger,
  type FanOutOptions,
  type IndicatorRecord,
  type TargetRegionsOf,
} from '@vigia/indicators';
import { engineInputOf, initialState, isIndicatorRule, noStreamTimeYet, type AlerterInputValue, type Engine, type EngineState } from '@vigia/rules';
import { indicatorValuesOf, requireTopic, type Contribution, type EventChange } from '@vigia/schemas';
import type { CompiledReplayOptions, ReplayRuleSet } from './replay-options.ts';
import type { RecordedTransition, SeriesRow } from './report-rows.ts';

/** What a replay produced: every firing, updated and resolved transition per rule set, and the chosen indicator series. */
export interface ReplayResult {
  readonly transitions: ReadonlyMap<string, readonly RecordedTransition[]>;
  readonly series: readonly SeriesRow[];
  readonly stats: ReplayStats;
}

export interface ReplayStats {
  /** Event changes handed to the replay. */
  changes: number;
  /** Of them, dated after `to` or before the warm-up: not processed. */
  outOfRange: number;
  contributions: number;
  /** `applyBatch` calls: one per watermark advance, or per `maxBatchContributions`. */
  batches: number;
  indicatorRecords: number;
  /** The last watermark, the "as of" day of the figures at the end. */
  watermark: string | undefined;
}

export interface Replay {
  /** Feeds one event change, in input order. */
  push(change: EventChange): void;
  /** Applies what is buffered and returns the result; the replay takes no more input after it. */
  finish(): ReplayResult;
  readonly stats: Readonly<ReplayStats>;
}

// The live topics' partition counts: alert state is per partition (its own stream clock), so the replay keeps the same split.
const regionPartitions = requireTopic('vigia.indicators.v2').definition.partitions;
const eventPartitions = requireTopic('vigia.events.v1').definition.partitions;

/** One rule set's engines and their state per partition, as the alerter's two evaluation stages hold them. */
interface RuleSetRun {
  readonly name: string;
  readonly regionEngine: Engine;
  readonly eventEngine: Engine;
  readonly regionStates: EngineState[];
  readonly eventStates: EngineState[];
  /** `metric|window` of the indicators some rule reads: the others are not evaluated (the engine would ignore them). */
  readonly indicatorKeys: ReadonlySet<string>;
  readonly readsContributions: boolean;
  readonly readsEvents: boolean;
  readonly transitions: RecordedTransition[];
}

/**
 * The replay's processing: the live pipeline's cores in one process, in the
 * order the live stages run them — no broker between them, no clock.
 *
 * - The fan-out: `fanOut` over a change ledger; when a change moves the
 *   ledger's stream day, the buffered contributions and the new watermark
 *   form one aggregate batch (the fan-out transform broadcasts the watermark
 *   after its batch's contributions the same way). At most
 *   `maxBatchContributions` wait for a watermark.
 * - The aggregate: one `applyBatch` per such batch on one aggregation state
 *   (regions are independent; every live partition sees every watermark).
 * - The alerter: the region stage's engine sees each batch's contributions,
 *   then the watermark as a tick on every partition, then the indicator
 *   values `applyBatch` published; the event stage's engine sees every change.
 *   Inputs are routed with `engineInputOf`, as the live alerter does; state is
 *   kept per partition of the live topics, so each has the stream clock a live
 *   partition would have. Only the watermark ever moves time.
 */
export function createReplay(options: CompiledReplayOptions): Replay {
  const ledger: ChangeLedger = createChangeLedger();
  const state: AggregationState = createAggregationState();
  const targetRegions: TargetRegionsOf = targetRegionRefs;
  const fanOutOptions: FanOutOptions = { shareRegions: surveyShareRegions() };
  const runs = options.ruleSets.map(runOf);
  const series: SeriesRow[] = [];
  const stats: ReplayStats = { changes: 0, outOfRange: 0, contributions: 0, batches: 0, indicatorRecords: 0, watermark: undefined };
  let pending: Contribution[] = [];
  let finished = false;

  const eventRuns = runs.filter((run) => run.readsEvents);
  const contributionRuns = runs.filter((run) => run.readsContributions);
  const seriesWanted = options.series;

  function evaluate(run: RuleSetRun, engine: Engine, states: EngineState[], partition: number, value: AlerterInputValue): void {
    const routed = engineInputOf(value);
    if (routed === undefined) return;
    for (const input of routed.inputs) {
      // Indicators no rule of this set reads are not evaluated: most figures of a replay are of no rule's metric.
      if (input.type === 'indicator.updated' && !run.indicatorKeys.has(`${input.metric}|${input.window}`)) continue;
      const before = states[partition]!;
      const evaluation = engine.evaluate(before, input, routed.nowStreamTime ?? before.clock ?? noStreamTimeYet);
      states[partition] = evaluation.state;
      for (const transition of evaluation.transitions) {
        if (transition.change === 'firing' || transition.change === 'resolved' || transition.change === 'updated')
          run.transitions.push({ change: transition.change, alert: transition.alert });
      }
    }
  }

  function flush(watermark: string | undefined): void {
    const contributions = pending;
    pending = [];
    if (contributions.length === 0 && watermark === undefined) return;
    for (const run of contributionRuns) {
      for (const contribution of contributions) evaluate(run, run.regionEngine, run.regionStates, regionPartition(contribution.target.code), contribution);
    }
    const inputs: AggregateInput[] = watermark === undefined ? contributions : [...contributions, { type: 'watermark.advanced', day: watermark }];
    if (watermark !== undefined) {
      for (const run of runs) {
        for (let partition = 0; partition < regionPartitions; partition += 1) {
          evaluate(run, run.regionEngine, run.regionStates, partition, { type: 'watermark.advanced', day: watermark });
        }
      }
    }
    // A replay keeps no changelog: the buckets' records would be built for nothing.
    const outputs = applyBatch(state, inputs, { changelog: false });
    stats.batches += 1;
    stats.indicatorRecords += outputs.indicators.length;
    if (outputs.watermark !== undefined) stats.watermark = outputs.watermark;
    for (const record of outputs.indicators) indicatorPublished(record);
  }

  function indicatorPublished(record: IndicatorRecord): void {
    if (record.value === null) return;
    for (const value of indicatorValuesOf(record.value)) {
      if (seriesWanted === undefined || !seriesWanted.matches(value.region, value.metric) || value.asOf < options.from || value.asOf > options.to) continue;
      series.push({
        region: value.region,
        level: value.level,
        metric: value.metric,
        window: value.window,
        asOf: value.asOf,
        value: value.value,
        contributingEvents: value.contributingEvents,
        correction: value.correction,
        source: value.source,
        year: value.year,
      });
    }
    for (const run of runs) evaluate(run, run.regionEngine, run.regionStates, regionPartition(record.value.region), record.value);
  }

  return {
    stats,
    push(change) {
      if (finished) throw new TypeError('the replay was finished; it takes no more input');
      stats.changes += 1;
      const day = latestDayOf(change);
      if (day > options.to || day < options.processFrom) {
        stats.outOfRange += 1;
        return;
      }
      if (eventRuns.length > 0) {
        const partition = partitionForKey(eventIdOf(change), eventPartitions);
        for (const run of eventRuns) evaluate(run, run.eventEngine, run.eventStates, partition, change);
      }
      const streamDayBefore = ledger.streamDay;
      const contributions = fanOut(ledger, change, targetRegions, fanOutOptions);
      stats.contributions += contributions.length;
      for (const contribution of contributions) pending.push(contribution);
      if (ledger.streamDay !== undefined && ledger.streamDay !== streamDayBefore) flush(isoDayOf(ledger.streamDay));
      else if (pending.length >= options.maxBatchContributions) flush(undefined);
    },
    finish() {
      if (!finished) flush(undefined);
      finished = true;
      return { transitions: new Map(runs.map((run) => [run.name, run.transitions])), series, stats };
    },
  };
}

function runOf(ruleSet: ReplayRuleSet): RuleSetRun {
  const { regionEngine, eventEngine } = ruleSet;
  return {
    name: ruleSet.name,
    regionEngine,
    eventEngine,
    regionStates: Array.from({ length: regionPartitions }, initialState),
    eventStates: Array.from({ length: eventPartitions }, initialState),
    indicatorKeys: new Set(regionEngine.rules.filter(isIndicatorRule).map((rule) => `${rule.metric}|${rule.window}`)),
    readsContributions: regionEngine.rules.some((rule) => rule.kind === 'absence'),
    readsEvents: eventEngine.rules.length > 0,
    transitions: [],
  };
}

function regionPartition(code: string): number {
  return partitionForKey(code, regionPartitions);
}

function eventIdOf(change: EventChange): string {
  return partsOfChange(change).eventId;
}

/** The latest day either version of a change is dated (surveys included: a survey is in range by its year's 1 January). */
function latestDayOf(change: EventChange): string {
  const { subtract, add } = partsOfChange(change);
  const days = [subtract?.occurredAt, add?.occurredAt].filter((day): day is string => day !== undefined).map((day) => day.slice(0, 10));
  return days.reduce((latest, day) => (day > latest ? day : latest));
}
