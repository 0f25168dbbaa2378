/**
 * `@vigia/rules`: the functional core of alerting. Rule files (YAML, checked
 * with zod, errors with line and field), rule evaluation for indicator
 * values, events and ticks, and the Prometheus/Alertmanager lifecycle —
 * pending, firing, resolved, silences, cooldown, acknowledgements — as pure
 * functions over serializable state; rule unit tests (`vigia rules test`) run
 * on the same engine. No I/O and no clock: time is an argument.
 */

export { loadRules, maxRuleFileChars, type LoadRulesResult, type RuleFileError } from './file/load-rules.ts';
export { ruleFileSchema, reservedLabels, type RuleFileInput, type RuleInput } from './file/rule-file-schema.ts';
export { ruleDefaults } from './file/compile-rules.ts';
export { summaryVariables } from './file/summary-variables.ts';
export {
  RuleKind,
  ruleKinds,
  isIndicatorRule,
  incidentMeasures,
  seizureMeasures,
  surveyMeasures,
  type AbsenceRule,
  type AnomalyRule,
  type EventMeasure,
  type FirstAppearanceRule,
  type ForClause,
  type GrowthRule,
  type IndicatorRule,
  type Rule,
  type RuleScope,
  type SingleEventRule,
  type ThresholdRule,
} from './rule.ts';
export { ConditionOperator, conditionOperators, describeCondition, holds, type Condition } from './core/condition.ts';
export { parseDurationMs, parseObservationCount } from './core/duration.ts';
export { fingerprintOf, fnv1a64, fnv1a64OfString } from './core/fingerprint.ts';
export { formatNumber, renderTemplate, type TemplateValues } from './core/template.ts';

export { createEngine } from './engine/engine.ts';
export {
  Suppression,
  TransitionChange,
  type Engine,
  type EngineInput,
  type EngineOptions,
  type Evaluation,
  type StateChange,
  type TargetRegion,
  type Tick,
  type Transition,
} from './engine/engine-types.ts';
export {
  AlertStatus,
  alertEntrySchema,
  engineStateSchema,
  initialState,
  silenceSchema,
  toAlertStateRecord,
  type AlertEntry,
  type EngineState,
  type Silence,
} from './engine/state.ts';
export { restoreState } from './engine/restore.ts';
export { matches, silenceMatches } from './engine/silences.ts';
export { defaultTargetRegions } from './engine/regions.ts';
export { singleEventRetentionMs } from './engine/sweep.ts';

export { engineInputOf, noStreamTimeYet, type AlerterInputValue, type RoutedInput } from './routing/engine-input.ts';

export { loadRuleTests, maxRuleTestFileChars, type LoadRuleTestsResult } from './rule-tests/load-rule-tests.ts';
export { ruleTestFileSchema, maxTestDays, maxValuesPerSeries } from './rule-tests/rule-test-file-schema.ts';
export type { ExpectedAlert, ReportDay, RuleTest, RuleTestFile } from './rule-tests/compile-rule-tests.ts';
export { expandValues, type ExpandedValues } from './rule-tests/values-notation.ts';
export { runRuleTests, type RuleTestResult } from './rule-tests/run-rule-tests.ts';
export { compareAlerts, type AlertDiffLine, type FieldDifference, type RaisedAlert } from './rule-tests/compare-alerts.ts';
export { formatRuleTestResults } from './rule-tests/format-rule-test-results.ts';

export { RulesError, rulesErrorCodes, rulesErrorDescriptions, type RulesErrorCode } from './rules-errors.ts';

/**
 * Where the default rule set lives, for the shell to read (this package does
 * no I/O). `new URL` only computes the address.
 */
export const defaultRulesUrl: URL = new URL('../rules/default-rules.yaml', import.meta.url);

/** The unit tests of the default rule set (`vigia rules test` runs them); its `rule_files` are relative to it. */
export const defaultRuleTestsUrl: URL = new URL('../rules/default-rules.test.yaml', import.meta.url);
