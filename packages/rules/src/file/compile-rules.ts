import { substanceUnits } from '@vigia/schemas';
import { parseDurationMs, parseObservationCount } from '../core/duration.ts';
import type { ForClause, Rule, RuleScope } from '../rule.ts';
import { toCondition, type RuleFileInput, type RuleInput } from './rule-file-schema.ts';

/** Defaults of optional fields; the README lists the same values. */
export const ruleDefaults = {
  cooldown: '0s',
  for: '0s',
  anomalyAlpha: 0.2,
  anomalyMinObservations: 14,
  anomalyMinStdDev: 1,
  anomalyMinValue: 0,
  growthMinPrevious: 0,
  firstAppearanceMinValue: 0,
  keepFiringFor: '7d',
  minConfidence: 'low',
} as const;

/**
 * The validated file as engine rules: durations in milliseconds, defaults
 * applied, every object frozen. Only called on input `ruleFileSchema`
 * accepted, so the parses below cannot fail.
 */
export function compileRuleFile(file: RuleFileInput): readonly Rule[] {
  return Object.freeze(file.rules.map((rule) => deepFreeze(compileRule(rule))));
}

function compileRule(input: RuleInput): Rule {
  const common = {
    id: input.id,
    description: input.description ?? null,
    severity: input.severity,
    labels: { ...(input.labels ?? {}) },
    summary: input.summary,
    scope: compileScope(input.appliesTo),
    cooldownMs: ms(input.cooldown ?? ruleDefaults.cooldown),
    for: compileFor('for' in input ? input.for : undefined),
    ...('sources' in input && input.sources !== undefined ? { sources: Object.freeze([...input.sources]) } : {}),
  };
  switch (input.kind) {
    case 'threshold':
      return {
        ...common,
        kind: input.kind,
        metric: input.metric,
        window: input.window,
        when: toCondition(input.when),
        resolve: conditionOrNull(input.resolve),
      };
    case 'growth':
      return {
        ...common,
        kind: input.kind,
        metric: input.metric,
        window: 'annual',
        change: input.change,
        when: toCondition(input.when),
        resolve: conditionOrNull(input.resolve),
        minPrevious: input.minPrevious ?? ruleDefaults.growthMinPrevious,
      };
    case 'anomaly':
      return {
        ...common,
        kind: input.kind,
        metric: input.metric,
        window: input.window,
        when: toCondition(input.when),
        resolve: conditionOrNull(input.resolve),
        alpha: input.alpha ?? ruleDefaults.anomalyAlpha,
        minObservations: input.minObservations ?? ruleDefaults.anomalyMinObservations,
        minStdDev: input.minStdDev ?? ruleDefaults.anomalyMinStdDev,
        minValue: input.minValue ?? ruleDefaults.anomalyMinValue,
      };
    case 'first-appearance':
      return {
        ...common,
        kind: input.kind,
        metric: input.metric,
        window: 'annual',
        minValue: input.minValue ?? ruleDefaults.firstAppearanceMinValue,
        missingPreviousMeansNone: input.missingPreviousMeansNone ?? false,
      };
    case 'absence':
      return {
        ...common,
        kind: input.kind,
        silentForMs: ms(input.silentFor),
        normally: { reports: input.normally.reports, withinMs: ms(input.normally.within) },
      };
    case 'single-event':
      return {
        ...common,
        kind: input.kind,
        event: input.event,
        measure: input.measure,
        incidentTypes: input.incidentTypes ?? null,
        substance: input.substance ?? null,
        unit: input.unit ?? (input.substance === undefined ? null : (substanceUnits[input.substance][0] ?? null)),
        minConfidence: input.minConfidence ?? ruleDefaults.minConfidence,
        when: toCondition(input.when),
        keepFiringForMs: ms(input.keepFiringFor ?? ruleDefaults.keepFiringFor),
      };
  }
}

function compileScope(input: RuleInput['appliesTo']): RuleScope {
  return { levels: input?.levels ?? null, regions: input?.regions ?? null, exclude: input?.exclude ?? [] };
}

function compileFor(text: string | undefined): ForClause {
  const count = text === undefined ? undefined : parseObservationCount(text);
  if (count !== undefined) return { unit: 'observations', count };
  return { unit: 'duration', ms: ms(text ?? ruleDefaults.for) };
}

function conditionOrNull(input: Parameters<typeof toCondition>[0] | undefined) {
  return input === undefined ? null : toCondition(input);
}

function ms(text: string): number {
  const parsed = parseDurationMs(text);
  // ruleFileSchema refused every text this could fail on; reaching here is a bug.
  if (parsed === undefined) throw new TypeError(`not a duration: ${text}`);
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
