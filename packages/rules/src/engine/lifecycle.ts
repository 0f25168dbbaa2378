import type { AlertEvidence, IndicatorEvidence } from '@vigia/schemas';
import { renderTemplate, type TemplateValues } from '../core/template.ts';
import { isoOf } from '../core/time.ts';
import type { Rule } from '../rule.ts';
import { alertRecord, type RuleIdentity } from './alert-record.ts';
import type { Suppression, Transition, TransitionChange } from './engine-types.ts';
import { isSilenced } from './silences.ts';
import type { AlertEntry, Silence } from './state.ts';

/**
 * The lifecycle of one alert, as in Prometheus and Alertmanager:
 *
 *     inactive ──breach──► pending ──`for` elapsed──► firing ──resolve condition──► inactive (resolved)
 *         ▲                   │ condition cleared
 *         └─── recovered ◄────┘ (never fired, never notified)
 *
 * A breach with `for: 0s` goes straight to firing. While firing, only the
 * rule's resolve condition (hysteresis) ends the alert, so a value flapping
 * inside the band keeps it firing instead of paging twice.
 */

/** One evaluation of a rule for one fingerprint. */
export interface Observation {
  /** Event time the observation is about (an indicator's asOf, an event's occurredAt). */
  readonly atMs: number;
  readonly breaching: boolean;
  /** The resolve condition holds (without hysteresis: simply not breaching). */
  readonly resolving: boolean;
  /** When the condition began, if not `atMs` (absence: the last report plus the silent period). */
  readonly breachStartMs?: number;
  /** Placeholders for the summary, beyond the ones every rule has. */
  readonly values: TemplateValues;
  readonly indicator?: IndicatorEvidence;
  readonly eventIds?: readonly string[];
}

export interface LifecycleContext {
  readonly clockMs: number;
  readonly silences: Readonly<Record<string, Silence>>;
}

export interface Step {
  readonly entry: AlertEntry;
  readonly transitions: readonly Transition[];
}

const maxIndicatorEvidence = 50;
const maxEventIds = 200;

/** Applies one observation to an entry whose kind-specific bookkeeping is already up to date. */
export function applyObservation(entry: AlertEntry, rule: Rule, observation: Observation, context: LifecycleContext): Step {
  const evaluated: AlertEntry = { ...entry, lastEvaluatedAt: isoOf(context.clockMs) };
  if (evaluated.status === 'inactive') {
    if (!observation.breaching) return { entry: evaluated, transitions: [] };
    const started = startEpisode(evaluated, rule, observation, context);
    if (forSatisfied(started, rule, context.clockMs)) return fire(started, rule, context);
    return withRecord(started, rule, 'pending', 'pending', context.clockMs, false, null);
  }
  if (evaluated.status === 'pending') {
    if (!observation.breaching) return recover(evaluated, rule, observation, context);
    const updated = withObservation(evaluated, rule, observation, true);
    if (forSatisfied(updated, rule, context.clockMs)) return fire(updated, rule, context);
    return summaryChanged(evaluated, updated, rule, context);
  }
  // The resolved record keeps the firing summary: "grew 22.5 %" is what the alert was about.
  if (observation.resolving) return resolve(evaluated, rule, context, observation.atMs);
  return summaryChanged(evaluated, withObservation(evaluated, rule, observation, observation.breaching), rule, context);
}

/** Moves a pending alert whose `for` duration has elapsed (checked on ticks) to firing. */
export function fireIfDue(entry: AlertEntry, rule: Rule, context: LifecycleContext): Step | undefined {
  if (entry.status !== 'pending' || !forSatisfied(entry, rule, context.clockMs)) return undefined;
  return fire({ ...entry, lastEvaluatedAt: isoOf(context.clockMs) }, rule, context);
}

/**
 * Ends an active alert. A resolution is notified when its firing was, and
 * not while silenced — as Alertmanager's `send_resolved`.
 */
export function resolve(entry: AlertEntry, rule: RuleIdentity, context: LifecycleContext, endsAtMs: number, resolution?: string): Step {
  if (entry.status === 'pending') return recover(entry, rule, { atMs: endsAtMs }, context);
  const notify = entry.notifiedThisEpisode && !entry.silenced;
  const suppressedBy: Suppression | null = notify ? null : entry.silenced ? 'silence' : 'firing-not-notified';
  const resolved: AlertEntry = {
    ...entry,
    status: 'inactive',
    lastEvaluatedAt: isoOf(context.clockMs),
    lastNotifiedAt: notify ? isoOf(context.clockMs) : entry.lastNotifiedAt,
  };
  const alert = alertRecord(resolved, rule, 'resolved', context.clockMs, endsAtMs, resolution);
  return {
    entry: { ...resolved, alert, startsAt: null },
    transitions: [{ change: 'resolved', alert, notify, suppressedBy }],
  };
}

/** Re-checks the silences of an active alert; an unsilenced firing alert that was never notified is notified now. */
export function resilence(entry: AlertEntry, rule: RuleIdentity & Pick<Rule, 'cooldownMs'>, context: LifecycleContext): Step | undefined {
  if (entry.status === 'inactive') return undefined;
  const silenced = isSilenced(context.silences, entry.labels, context.clockMs);
  if (silenced === entry.silenced) return undefined;
  const changed: AlertEntry = { ...entry, silenced };
  if (silenced || entry.status === 'pending' || entry.notifiedThisEpisode) {
    const record = changed.status === 'pending' ? 'pending' : 'firing';
    return withRecord(changed, rule, silenced ? 'silenced' : 'unsilenced', record, context.clockMs, false, null);
  }
  const inCooldown = isInCooldown(entry, rule.cooldownMs, context.clockMs);
  return withRecord(
    notified(changed, context.clockMs, !inCooldown),
    rule,
    'unsilenced',
    'firing',
    context.clockMs,
    !inCooldown,
    inCooldown ? 'cooldown' : null,
  );
}

/** The common placeholders plus the observation's own. */
export function summaryOf(entry: AlertEntry, rule: Rule, values: TemplateValues): string {
  return renderTemplate(rule.summary, {
    rule: rule.id,
    region: entry.region.name,
    region_code: entry.region.code,
    level: entry.region.level,
    severity: rule.severity,
    ...values,
  });
}

function startEpisode(entry: AlertEntry, rule: Rule, observation: Observation, context: LifecycleContext): AlertEntry {
  const fresh: AlertEntry = {
    ...entry,
    status: 'pending',
    startsAt: isoOf(observation.breachStartMs ?? observation.atMs),
    evidence: { indicators: [], eventIds: [] },
    acknowledged: null,
    notifiedThisEpisode: false,
    silenced: isSilenced(context.silences, entry.labels, context.clockMs),
  };
  return withObservation(fresh, rule, observation, true);
}

function withObservation(entry: AlertEntry, rule: Rule, observation: Observation, asEvidence: boolean): AlertEntry {
  return {
    ...entry,
    summary: summaryOf(entry, rule, observation.values),
    evidence: asEvidence ? mergeEvidence(entry.evidence, observation) : entry.evidence,
  };
}

function fire(entry: AlertEntry, rule: Rule, context: LifecycleContext): Step {
  const silenced = isSilenced(context.silences, entry.labels, context.clockMs);
  const inCooldown = isInCooldown(entry, rule.cooldownMs, context.clockMs);
  const notify = !silenced && !inCooldown;
  const firing = notified({ ...entry, status: 'firing', silenced }, context.clockMs, notify);
  return withRecord(firing, rule, 'firing', 'firing', context.clockMs, notify, silenced ? 'silence' : inCooldown ? 'cooldown' : null);
}

function recover(entry: AlertEntry, rule: RuleIdentity, observation: Pick<Observation, 'atMs'>, context: LifecycleContext): Step {
  const recovered: AlertEntry = { ...entry, status: 'inactive', lastEvaluatedAt: isoOf(context.clockMs) };
  const alert = alertRecord(recovered, rule, 'resolved', context.clockMs, observation.atMs);
  return {
    entry: { ...recovered, alert, startsAt: null },
    transitions: [{ change: 'recovered', alert, notify: false, suppressedBy: null }],
  };
}

function summaryChanged(before: AlertEntry, after: AlertEntry, rule: Rule, context: LifecycleContext): Step {
  if (after.summary === before.summary) return { entry: after, transitions: [] };
  const record = after.status === 'pending' ? 'pending' : 'firing';
  return withRecord(after, rule, 'updated', record, context.clockMs, false, null);
}

function withRecord(
  entry: AlertEntry,
  rule: RuleIdentity,
  change: TransitionChange,
  state: 'pending' | 'firing',
  clockMs: number,
  notify: boolean,
  suppressedBy: Suppression | null,
): Step {
  const alert = alertRecord(entry, rule, state, clockMs);
  return { entry: { ...entry, alert }, transitions: [{ change, alert, notify, suppressedBy }] };
}

function notified(entry: AlertEntry, clockMs: number, notify: boolean): AlertEntry {
  if (!notify) return entry;
  const at = isoOf(clockMs);
  return { ...entry, notifiedThisEpisode: true, lastNotifiedAt: at, lastFiringNotifiedAt: at };
}

function isInCooldown(entry: AlertEntry, cooldownMs: number, clockMs: number): boolean {
  return entry.lastFiringNotifiedAt !== null && clockMs - Date.parse(entry.lastFiringNotifiedAt) < cooldownMs;
}

function forSatisfied(entry: AlertEntry, rule: Rule, clockMs: number): boolean {
  if (rule.for.unit === 'observations') return entry.consecutiveBreaches >= rule.for.count;
  if (rule.for.ms === 0) return true;
  return entry.startsAt !== null && clockMs - Date.parse(entry.startsAt) >= rule.for.ms;
}

function mergeEvidence(evidence: AlertEvidence, observation: Observation): AlertEvidence {
  const { indicator, eventIds = [] } = observation;
  const indicators =
    indicator === undefined
      ? evidence.indicators
      : [...evidence.indicators.filter((seen) => !sameIndicatorDay(seen, indicator)), indicator].slice(-maxIndicatorEvidence);
  const ids = eventIds.length === 0 ? evidence.eventIds : [...evidence.eventIds.filter((id) => !eventIds.includes(id)), ...eventIds].slice(-maxEventIds);
  return { indicators, eventIds: ids };
}

function sameIndicatorDay(a: IndicatorEvidence, b: IndicatorEvidence): boolean {
  return a.region === b.region && a.metric === b.metric && a.window === b.window && a.asOf === b.asOf;
}
