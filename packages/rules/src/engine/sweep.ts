import { dayMs } from '../core/duration.ts';
import { fingerprintOf } from '../core/fingerprint.ts';
import type { Rule } from '../rule.ts';
import type { RuleIdentity } from './alert-record.ts';
import type { CompiledEngine } from './engine.ts';
import { applyObservation, fireIfDue, resilence, resolve } from './lifecycle.ts';
import { observeAbsence } from './observe-absence.ts';
import { identityOf, inScope, labelsFor } from './regions.ts';
import type { AlertEntry } from './state.ts';
import type { WorkingState } from './working-state.ts';

/**
 * How long a single-event alert is remembered after it stopped being active,
 * so a late revision of the same event does not page again. Past this the
 * entry is dropped (a tombstone on the state topic) and state stays bounded.
 */
export const singleEventRetentionMs = 90 * dayMs;

/**
 * The timers, run on every tick in fingerprint order (deterministic whatever
 * order the state was restored in): `for` durations, absence checks,
 * single-event expiry, silences starting or ending — and entries whose rule
 * was removed or relabelled resolve and are forgotten, as Prometheus resolves
 * the alerts of a deleted rule. With `silencesOnly`, only silences are
 * re-checked (after a silence is created or removed).
 */
export function sweep(engine: CompiledEngine, work: WorkingState, options: { readonly silencesOnly?: boolean } = {}): void {
  for (const fingerprint of Object.keys(work.alerts).sort()) {
    const rule = engine.rulesById.get(work.entry(fingerprint)?.ruleId ?? '');
    if (options.silencesOnly !== true) {
      const entry = work.entry(fingerprint);
      if (entry === undefined) continue;
      if (rule === undefined || !stillDefined(rule, entry)) {
        retire(work, entry);
        continue;
      }
      runTimers(work, rule, entry);
    }
    const entry = work.entry(fingerprint);
    if (entry === undefined || rule === undefined) continue;
    const step = resilence(entry, rule, work.context());
    if (step !== undefined) work.apply(step);
  }
  if (options.silencesOnly === true) return;
  for (const silence of Object.values(work.silences)) {
    if (Date.parse(silence.until) <= work.clockMs) work.removeSilence(silence.silenceId);
  }
}

function runTimers(work: WorkingState, rule: Rule, entry: AlertEntry): void {
  const context = work.context();
  switch (rule.kind) {
    case 'absence': {
      const observation = observeAbsence(entry, rule, work.clockMs);
      if (observation !== undefined) work.apply(applyObservation(entry, rule, observation, context));
      return;
    }
    case 'single-event': {
      const activeUntilMs = entry.activeUntil === null ? Number.POSITIVE_INFINITY : Date.parse(entry.activeUntil);
      if (entry.status !== 'inactive' && work.clockMs >= activeUntilMs) work.apply(resolve(entry, rule, context, activeUntilMs));
      else if (entry.status === 'inactive' && work.clockMs >= activeUntilMs + singleEventRetentionMs) work.remove(entry.fingerprint);
      return;
    }
    default: {
      const step = fireIfDue(entry, rule, context);
      if (step !== undefined) work.apply(step);
    }
  }
}

/** The rule still watches the region and still produces this fingerprint (same labels, same severity). */
function stillDefined(rule: Rule, entry: AlertEntry): boolean {
  return inScope(rule.scope, entry.region) && fingerprintOf(labelsFor(rule, entry.region, identityOf(entry.labels))) === entry.fingerprint;
}

function retire(work: WorkingState, entry: AlertEntry): void {
  if (entry.status !== 'inactive' && entry.alert !== null) {
    const identity: RuleIdentity = { kind: entry.alert.ruleKind, severity: entry.alert.severity };
    work.apply(resolve(entry, identity, work.context(), work.clockMs));
  }
  work.remove(entry.fingerprint);
}
