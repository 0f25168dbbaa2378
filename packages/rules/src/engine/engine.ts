import { isoDateTimeSchema, type AlertAction, type CanonicalEvent, type Contribution, type EventChange, type IndicatorValue } from '@vigia/schemas';
import { fingerprintOf } from '../core/fingerprint.ts';
import { isoOf } from '../core/time.ts';
import { isIndicatorRule, type AbsenceRule, type IndicatorRule, type Rule, type SingleEventRule } from '../rule.ts';
import { RulesError } from '../rules-errors.ts';
import type { Engine, EngineInput, EngineOptions, Evaluation, TargetRegion } from './engine-types.ts';
import { applyObservation } from './lifecycle.ts';
import { observeAbsence, recordReport } from './observe-absence.ts';
import { observeEvent } from './observe-event.ts';
import { observeIndicator } from './observe-indicator.ts';
import { defaultTargetRegions, inScope, labelsFor, regionNamer, type FindingIdentity, type RegionNamer } from './regions.ts';
import { settleSurveyYears } from './survey-years.ts';
import { sweep } from './sweep.ts';
import type { AlertEntry, EngineState } from './state.ts';
import { WorkingState } from './working-state.ts';

/** Rules indexed for routing, plus the region helpers; compiled once per rule set. */
export interface CompiledEngine {
  readonly rulesById: ReadonlyMap<string, Rule>;
  readonly indicatorRules: ReadonlyMap<string, readonly IndicatorRule[]>;
  readonly singleEventRules: readonly SingleEventRule[];
  readonly absenceRules: readonly AbsenceRule[];
  readonly nameRegion: RegionNamer;
  readonly targetRegionsOf: (event: CanonicalEvent) => readonly TargetRegion[];
}

/**
 * Compiles a rule set (from `loadRules`) into an engine. The engine holds no
 * state of its own: `evaluate` takes the state and returns the next one, so
 * the alerter, the all-in-one mode and replay all run this same function.
 */
export function createEngine(options: EngineOptions): Engine {
  const rulesById = new Map<string, Rule>();
  for (const rule of options.rules) {
    if (rulesById.has(rule.id)) {
      throw new RulesError('VIGIA_RULES_RULESET_INVALID', 'duplicate rule id', { context: { ruleId: rule.id } });
    }
    rulesById.set(rule.id, rule);
  }
  const indicatorRules = new Map<string, IndicatorRule[]>();
  for (const rule of options.rules.filter(isIndicatorRule)) {
    const key = indicatorKeyOf(rule.metric, rule.window);
    indicatorRules.set(key, [...(indicatorRules.get(key) ?? []), rule]);
  }
  const compiled: CompiledEngine = {
    rulesById,
    indicatorRules,
    singleEventRules: options.rules.filter((rule): rule is SingleEventRule => rule.kind === 'single-event'),
    absenceRules: options.rules.filter((rule): rule is AbsenceRule => rule.kind === 'absence'),
    nameRegion: regionNamer(options.regionName),
    targetRegionsOf: options.targetRegionsOf ?? defaultTargetRegions,
  };
  return Object.freeze({
    rules: options.rules,
    evaluate: (state: EngineState, input: EngineInput, nowStreamTime: string) => evaluate(compiled, state, input, nowStreamTime),
  });
}

function evaluate(engine: CompiledEngine, state: EngineState, input: EngineInput, nowStreamTime: string): Evaluation {
  const nowMs = isoDateTimeSchema.safeParse(nowStreamTime).success ? Date.parse(nowStreamTime) : Number.NaN;
  if (Number.isNaN(nowMs)) {
    throw new RulesError('VIGIA_RULES_TIME_INVALID', 'nowStreamTime is not an RFC 3339 instant', {
      context: { nowStreamTime },
    });
  }
  const clockMs = state.clock === null ? nowMs : Math.max(Date.parse(state.clock), nowMs);
  const work = new WorkingState(state, clockMs);
  switch (input.type) {
    case 'indicator.updated':
      onIndicator(engine, work, input);
      break;
    case 'event.recorded':
    case 'event.revised':
    case 'event.retracted':
      onEventChange(engine, work, input);
      break;
    case 'contribution.emitted':
      onContribution(engine, work, input);
      break;
    case 'tick':
      sweep(engine, work);
      break;
    default:
      onAction(engine, work, input);
  }
  return work.finish();
}

function onIndicator(engine: CompiledEngine, work: WorkingState, indicator: IndicatorValue): void {
  const region: TargetRegion = { code: indicator.region, level: indicator.level };
  const survey = indicator.source === undefined || indicator.year === undefined ? undefined : { source: indicator.source, year: indicator.year };
  for (const rule of engine.indicatorRules.get(indicatorKeyOf(indicator.metric, indicator.window)) ?? []) {
    if (!inScope(rule.scope, region)) continue;
    if (survey === undefined) {
      const observed = observeIndicator(entryFor(engine, work, rule, region), rule, indicator);
      if (observed !== undefined) work.apply(applyObservation(observed.entry, rule, observed.observation, work.context()));
      continue;
    }
    if (rule.sources !== undefined && !rule.sources.includes(survey.source)) continue;
    observeSurveyYear(engine, work, rule, region, survey, indicator);
    // A year that arrives after the next one gives the next one the comparison it lacked.
    const next = { ...survey, year: survey.year + 1 };
    const nextSeen = work.entry(fingerprintOf(labelsFor(rule, region, next)))?.lastObservation;
    if (comparesYears(rule) && nextSeen != null) {
      observeSurveyYear(engine, work, rule, region, next, {
        ...indicator,
        ...next,
        asOf: nextSeen.asOf,
        value: nextSeen.value,
        previousValue: nextSeen.value,
        correction: true,
      });
    }
    settleSurveyYears(work, rule, region, survey);
  }
}

/** One survey year's figure for one rule: its own alert, compared (by growth kinds) with the same source's year before. */
function observeSurveyYear(
  engine: CompiledEngine,
  work: WorkingState,
  rule: IndicatorRule,
  region: TargetRegion,
  survey: { readonly source: string; readonly year: number },
  indicator: IndicatorValue,
): void {
  const before = work.entry(fingerprintOf(labelsFor(rule, region, { ...survey, year: survey.year - 1 })));
  const observed = observeIndicator(entryFor(engine, work, rule, region, survey), rule, indicator, before?.lastObservation?.value ?? null);
  if (observed !== undefined) work.apply(applyObservation(observed.entry, rule, observed.observation, work.context()));
}

/** Kinds whose finding compares a year with the year before (threshold reads the aggregator's own year-on-year figure). */
function comparesYears(rule: IndicatorRule): boolean {
  return rule.kind === 'growth' || rule.kind === 'first-appearance';
}

function onEventChange(engine: CompiledEngine, work: WorkingState, change: EventChange): void {
  const current = change.type === 'event.recorded' ? change.event : change.type === 'event.revised' ? change.current : undefined;
  const previous = change.type === 'event.recorded' ? undefined : change.previous;
  for (const rule of engine.singleEventRules) singleEvent(engine, work, rule, current, previous);
  // A survey is a yearly figure, not a field report: it says nothing about a region going quiet.
  if (current === undefined || current.kind === 'cultivation-survey') return;
  const regions = engine.targetRegionsOf(current);
  for (const rule of engine.absenceRules) {
    for (const region of regions) report(engine, work, rule, region, current.occurredAt, current.eventId);
  }
}

function onContribution(engine: CompiledEngine, work: WorkingState, contribution: Contribution): void {
  // Only a contribution that adds the event to a bucket is a report; -1/0 are revisions and retractions.
  if (contribution.eventCountDelta !== 1 || isSurveyContribution(contribution)) return;
  for (const rule of engine.absenceRules) {
    report(engine, work, rule, contribution.target, contribution.day, contribution.eventId);
  }
}

/** Survey contributions only move `cultivation.*` metrics (see `@vigia/indicators`' catalogue). */
function isSurveyContribution(contribution: Contribution): boolean {
  const metrics = Object.keys(contribution.deltas);
  return metrics.length > 0 && metrics.every((metric) => metric.startsWith('cultivation.'));
}

function report(engine: CompiledEngine, work: WorkingState, rule: AbsenceRule, region: TargetRegion, day: string, eventId: string): void {
  if (!inScope(rule.scope, region)) return;
  const entry = recordReport(entryFor(engine, work, rule, region), rule, day, eventId);
  const observation = observeAbsence(entry, rule, work.clockMs);
  work.apply(observation === undefined ? { entry, transitions: [] } : applyObservation(entry, rule, observation, work.context()));
}

/**
 * One alert per event and region. The alert stays firing for
 * `keepFiringFor` after the engine first saw the event (not after it
 * occurred: a massacre reported ten days late must still page), and a
 * revision after that changes nothing — the event has had its alert.
 */
function singleEvent(
  engine: CompiledEngine,
  work: WorkingState,
  rule: SingleEventRule,
  current: CanonicalEvent | undefined,
  previous: CanonicalEvent | undefined,
): void {
  const currentRegions = current === undefined ? [] : engine.targetRegionsOf(current).filter((region) => inScope(rule.scope, region));
  for (const region of currentRegions) {
    if (current === undefined) break;
    const fingerprint = fingerprintOf(labelsFor(rule, region, { eventId: current.eventId }));
    const existing = work.entry(fingerprint);
    if (existing?.activeUntil != null && work.clockMs >= Date.parse(existing.activeUntil)) continue;
    const named = engine.nameRegion(region);
    const observation = observeEvent(rule, current, named.name);
    if (existing === undefined && !observation.breaching) continue;
    const activeFrom = Math.max(work.clockMs, observation.atMs);
    const entry = existing ?? {
      ...newEntry(engine, rule, region, work.clockMs, { eventId: current.eventId }),
      activeUntil: isoOf(activeFrom + rule.keepFiringForMs),
    };
    work.apply(applyObservation(entry, rule, observation, work.context()));
  }
  if (previous === undefined) return;
  const stillTargeted = new Set(currentRegions.map((region) => region.code));
  for (const region of engine.targetRegionsOf(previous)) {
    if (stillTargeted.has(region.code) || !inScope(rule.scope, region)) continue;
    // Retracted, or revised to another place: the alert for the old region ends now.
    const entry = work.entry(fingerprintOf(labelsFor(rule, region, { eventId: previous.eventId })));
    if (entry === undefined || entry.status === 'inactive') continue;
    const observation = {
      ...observeEvent(rule, previous, entry.region.name),
      breaching: false,
      resolving: true,
      atMs: work.clockMs,
    };
    work.apply(applyObservation(entry, rule, observation, work.context()));
  }
}

function onAction(engine: CompiledEngine, work: WorkingState, action: AlertAction): void {
  switch (action.type) {
    case 'alert.acknowledged': {
      const entry = work.entry(action.fingerprint);
      // Actions reach every alerter instance; only the one owning the alert has it.
      if (entry?.alert == null) return;
      const acknowledged = {
        by: action.by,
        at: action.at,
        ...(action.comment === undefined ? {} : { comment: action.comment }),
      };
      const alert = { ...entry.alert, acknowledged, updatedAt: isoOf(work.clockMs) };
      work.apply({
        entry: { ...entry, acknowledged, alert },
        transitions: [{ change: 'acknowledged', alert, notify: false, suppressedBy: null }],
      });
      return;
    }
    case 'silence.created':
      if (Date.parse(action.until) <= work.clockMs) return;
      work.putSilence({
        silenceId: action.silenceId,
        matchers: action.matchers,
        until: action.until,
        createdBy: action.by,
        comment: action.comment,
      });
      sweep(engine, work, { silencesOnly: true });
      return;
    case 'silence.removed':
      work.removeSilence(action.silenceId);
      sweep(engine, work, { silencesOnly: true });
      return;
    case 'alert.resolution-noted':
      // A note is for people; it lives on the actions topic and changes no lifecycle.
      return;
  }
}

/** The entry of a rule and region (and event, or survey source and year), or a fresh inactive one. */
export function entryFor(engine: CompiledEngine, work: WorkingState, rule: Rule, region: TargetRegion, identity: FindingIdentity = {}): AlertEntry {
  const labels = labelsFor(rule, region, identity);
  return work.entry(fingerprintOf(labels)) ?? newEntry(engine, rule, region, work.clockMs, identity);
}

function newEntry(engine: CompiledEngine, rule: Rule, region: TargetRegion, clockMs: number, identity: FindingIdentity = {}): AlertEntry {
  const labels = labelsFor(rule, region, identity);
  return {
    fingerprint: fingerprintOf(labels),
    ruleId: rule.id,
    region: engine.nameRegion(region),
    labels,
    status: 'inactive',
    alert: null,
    startsAt: null,
    consecutiveBreaches: 0,
    priorBreaches: 0,
    summary: null,
    evidence: { indicators: [], eventIds: [] },
    silenced: false,
    acknowledged: null,
    lastObservation: null,
    baseline: null,
    reports: null,
    activeUntil: null,
    lastEvaluatedAt: isoOf(clockMs),
    lastNotifiedAt: null,
    lastFiringNotifiedAt: null,
    notifiedThisEpisode: false,
  };
}

function indicatorKeyOf(metric: string, window: string): string {
  return `${metric}|${window}`;
}
