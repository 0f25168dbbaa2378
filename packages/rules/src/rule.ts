import type { AlertSeverity, CanonicalEventKind, Confidence, IncidentType, IndicatorWindow, RegionLevel, Substance } from '@vigia/schemas';
import type { Condition } from './core/condition.ts';

/** The kinds of rule; each is documented in the README with an example. */
export const RuleKind = {
  threshold: 'threshold',
  growth: 'growth',
  anomaly: 'anomaly',
  absence: 'absence',
  singleEvent: 'single-event',
  firstAppearance: 'first-appearance',
} as const;
export type RuleKind = (typeof RuleKind)[keyof typeof RuleKind];
export const ruleKinds = Object.values(RuleKind);

/** Which regions a rule watches: any listed level, plus any listed region, minus the excluded ones. */
export interface RuleScope {
  /** `null` together with `regions: null` means every region. */
  readonly levels: readonly RegionLevel[] | null;
  readonly regions: readonly string[] | null;
  readonly exclude: readonly string[];
}

/** How long a breach must last before it fires: event time, or consecutive observation periods. */
export type ForClause = { readonly unit: 'duration'; readonly ms: number } | { readonly unit: 'observations'; readonly count: number };

interface RuleCommon {
  readonly id: string;
  readonly description: string | null;
  readonly severity: AlertSeverity;
  /** Labels the rule adds; `rule`, `region`, `severity` (and `event_id`) are added by the engine. */
  readonly labels: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly scope: RuleScope;
  readonly for: ForClause;
  /** A new firing within this long of the last firing notification is recorded but not notified. */
  readonly cooldownMs: number;
}

interface IndicatorRuleCommon extends RuleCommon {
  readonly metric: string;
  readonly window: IndicatorWindow;
  /**
   * Survey figures: the sources (series) the rule reads, e.g. `[devida]`;
   * `undefined` reads every source, each as its own series with its own
   * alerts. Sources are never mixed: a year of one is never compared with
   * a year of another.
   */
  readonly sources?: readonly string[];
}

/** The indicator's value compared with a bound. */
export interface ThresholdRule extends IndicatorRuleCommon {
  readonly kind: 'threshold';
  readonly when: Condition;
  readonly resolve: Condition | null;
}

/** Change versus the previous year's value, in percent or in the metric's unit. */
export interface GrowthRule extends IndicatorRuleCommon {
  readonly kind: 'growth';
  readonly window: 'annual';
  readonly change: 'percent' | 'absolute';
  readonly when: Condition;
  readonly resolve: Condition | null;
  /** Previous values below this are too small to grow from (10 → 30 ha is not +200 % news). */
  readonly minPrevious: number;
}

/** z-score of the value versus an EWMA baseline of the earlier observation periods. */
export interface AnomalyRule extends IndicatorRuleCommon {
  readonly kind: 'anomaly';
  readonly when: Condition;
  readonly resolve: Condition | null;
  readonly alpha: number;
  readonly minObservations: number;
  readonly minStdDev: number;
  readonly minValue: number;
}

/** A value above `minValue` where the previous year had none. */
export interface FirstAppearanceRule extends IndicatorRuleCommon {
  readonly kind: 'first-appearance';
  readonly window: 'annual';
  readonly minValue: number;
  readonly missingPreviousMeansNone: boolean;
}

/** No report from a region that normally reports. */
export interface AbsenceRule extends RuleCommon {
  readonly kind: 'absence';
  readonly silentForMs: number;
  readonly normally: { readonly reports: number; readonly withinMs: number };
}

export const incidentMeasures = [
  'fatalities',
  'fatalities-security-forces',
  'fatalities-civilians',
  'fatalities-armed-groups',
  'injured',
  'casualties',
  'eradicated-ha',
] as const;
export const seizureMeasures = ['quantity', 'arrests'] as const;
export const surveyMeasures = ['hectares'] as const;
export type EventMeasure = (typeof incidentMeasures)[number] | (typeof seizureMeasures)[number] | (typeof surveyMeasures)[number];

/** One event whose measure crosses a bound: one alert per event and region. */
export interface SingleEventRule extends RuleCommon {
  readonly kind: 'single-event';
  readonly event: CanonicalEventKind;
  readonly measure: EventMeasure;
  readonly incidentTypes: readonly IncidentType[] | null;
  readonly substance: Substance | null;
  readonly unit: string | null;
  readonly minConfidence: Confidence;
  readonly when: Condition;
  readonly keepFiringForMs: number;
}

export type IndicatorRule = ThresholdRule | GrowthRule | AnomalyRule | FirstAppearanceRule;
export type Rule = IndicatorRule | AbsenceRule | SingleEventRule;

export function isIndicatorRule(rule: Rule): rule is IndicatorRule {
  return rule.kind === 'threshold' || rule.kind === 'growth' || rule.kind === 'anomaly' || rule.kind === 'first-appearance';
}
