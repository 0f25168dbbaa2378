import {
  alertSeverities,
  canonicalEventKinds,
  confidenceLevels,
  incidentTypes,
  indicatorWindowSchema,
  labelsSchema,
  metricIdSchema,
  regionCodeSchema,
  regionLevelSchema,
  slugSchema,
  substances,
  substanceUnits,
  surveySourceSchema,
} from '@vigia/schemas';
import { z } from 'zod';
import { conditionOperators, isHysteresisBand, type Condition } from '../core/condition.ts';
import { parseDurationMs, parseObservationCount } from '../core/duration.ts';
import { hasMalformedPlaceholder, placeholdersOf } from '../core/template.ts';
import { incidentMeasures, seizureMeasures, surveyMeasures, type RuleKind } from '../rule.ts';
import { summaryVariables } from './summary-variables.ts';

/**
 * The rule file as written, validated field by field. Objects are strict: a
 * misspelt field (`cooldwon`) is an error with its line, never silently a
 * default. `compileRuleFile` turns the parsed file into engine `Rule`s.
 */

/** Labels the engine sets itself; a rule may not set them. */
export const reservedLabels = ['rule', 'region', 'severity', 'level', 'event_id', 'source', 'year'] as const;

const durationSchema = z.string().refine((text) => parseDurationMs(text) !== undefined, 'a duration such as 30d, 12h, 1d12h, 90m or 0s');

const positiveDurationSchema = durationSchema.refine((text) => (parseDurationMs(text) ?? 0) > 0, 'must be longer than 0s');

const forSchema = z
  .string()
  .refine(
    (text) => parseDurationMs(text) !== undefined || parseObservationCount(text) !== undefined,
    'a duration in event time such as 7d, or a count of observation periods such as "2 observations"',
  );

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const conditionSchema = z
  .strictObject({
    above: finite.optional(),
    atLeast: finite.optional(),
    below: finite.optional(),
    atMost: finite.optional(),
  })
  .refine((condition) => Object.keys(condition).length === 1, {
    message: `exactly one of ${conditionOperators.join(', ')}, e.g. { above: 15 }`,
  });
export type ConditionInput = z.infer<typeof conditionSchema>;

/** `{ above: 15 }` → `{ operator: 'above', value: 15 }`; the schema guarantees one key. */
export function toCondition(input: ConditionInput): Condition {
  const [operator, value] = Object.entries(input)[0] as [Condition['operator'], number];
  return { operator, value };
}

const labelNamesAllowed = labelsSchema.refine(
  (labels) => !Object.keys(labels).some((name) => (reservedLabels as readonly string[]).includes(name)),
  `${reservedLabels.join(', ')} are set by the engine and cannot be rule labels`,
);

const scopeSchema = z
  .strictObject({
    levels: z.array(regionLevelSchema).min(1).optional().describe('Every region of these levels'),
    regions: z.array(regionCodeSchema).min(1).optional().describe('These regions (zones, UBIGEO codes, PE)'),
    exclude: z.array(regionCodeSchema).optional().describe('Never these regions'),
  })
  .describe('Regions the rule watches; omitted: every region');

const common = {
  id: slugSchema.describe('Unique rule id, kebab-case; part of every alert fingerprint'),
  description: z.string().max(2000).optional(),
  severity: z.enum(alertSeverities),
  labels: labelNamesAllowed.optional(),
  summary: z.string().min(1).max(1000).describe('One line for people, with {{placeholders}}'),
  appliesTo: scopeSchema.optional(),
  cooldown: durationSchema.optional().describe('Re-firing within this long of the last notification is not notified'),
};

const indicatorCommon = {
  ...common,
  metric: metricIdSchema,
  for: forSchema.optional(),
  sources: z
    .array(surveySourceSchema)
    .min(1)
    .max(20)
    .optional()
    .describe('Annual (survey) metrics: the sources to read, e.g. [devida]; default every source, each its own series'),
};

const thresholdSchema = z.strictObject({
  kind: z.literal('threshold'),
  ...indicatorCommon,
  window: indicatorWindowSchema,
  when: conditionSchema,
  resolve: conditionSchema.optional(),
});

const growthSchema = z.strictObject({
  kind: z.literal('growth'),
  ...indicatorCommon,
  window: z.literal('annual', 'growth compares a year with the one before: only annual (use threshold on a derived metric for rolling windows)').optional(),
  change: z.enum(['percent', 'absolute']),
  when: conditionSchema,
  resolve: conditionSchema.optional(),
  minPrevious: z.number().min(0).optional(),
});

const anomalySchema = z.strictObject({
  kind: z.literal('anomaly'),
  ...indicatorCommon,
  window: indicatorWindowSchema,
  when: conditionSchema.describe('Bound on the z-score, e.g. { atLeast: 3 }'),
  resolve: conditionSchema.optional(),
  alpha: z.number().gt(0).max(1).optional(),
  minObservations: z.int().min(2).max(10_000).optional(),
  minStdDev: z.number().gt(0).optional(),
  minValue: z.number().optional(),
});

const firstAppearanceSchema = z.strictObject({
  kind: z.literal('first-appearance'),
  ...indicatorCommon,
  window: z.literal('annual', 'first-appearance compares a year with the one before: only annual').optional(),
  minValue: z.number().min(0).optional(),
  missingPreviousMeansNone: z.boolean().optional(),
});

const absenceSchema = z.strictObject({
  kind: z.literal('absence'),
  ...common,
  silentFor: positiveDurationSchema,
  normally: z.strictObject({
    reports: z.int().min(1).max(100),
    within: positiveDurationSchema,
  }),
});

const singleEventSchema = z.strictObject({
  kind: z.literal('single-event'),
  ...common,
  event: z.enum(canonicalEventKinds),
  measure: z.enum([...incidentMeasures, ...seizureMeasures, ...surveyMeasures]),
  incidentTypes: z.array(z.enum(incidentTypes)).min(1).optional(),
  substance: z.enum(substances).optional(),
  unit: z.string().min(1).max(8).optional(),
  minConfidence: z.enum(confidenceLevels).optional(),
  when: conditionSchema,
  keepFiringFor: positiveDurationSchema.optional(),
});

export const ruleInputSchema = z
  .discriminatedUnion('kind', [thresholdSchema, growthSchema, anomalySchema, firstAppearanceSchema, absenceSchema, singleEventSchema], {
    error: 'kind must be one of threshold, growth, anomaly, absence, single-event, first-appearance',
  })
  .superRefine((rule, context) => {
    const issue = (path: PropertyKey[], message: string) => context.addIssue({ code: 'custom', path, message });
    checkSummary(rule.kind, rule.summary, issue);
    if ('resolve' in rule && rule.resolve !== undefined && !isHysteresisBand(toCondition(rule.when), toCondition(rule.resolve))) {
      issue(['resolve'], 'must point the other way than when and not overlap it, e.g. when { above: 15 } with resolve { atMost: 10 }');
    }
    if (rule.kind === 'single-event') checkSingleEvent(rule, issue);
  });
export type RuleInput = z.infer<typeof ruleInputSchema>;

export const ruleFileSchema = z
  .strictObject({
    version: z.literal(1).optional().describe('Format version; 1'),
    rules: z.array(ruleInputSchema).max(1000),
  })
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) context.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id "${rule.id}"` });
      seen.add(rule.id);
    });
  });
export type RuleFileInput = z.infer<typeof ruleFileSchema>;

type AddIssue = (path: PropertyKey[], message: string) => void;

function checkSummary(kind: RuleKind, summary: string, issue: AddIssue): void {
  const allowed = summaryVariables[kind];
  const unknown = placeholdersOf(summary).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    issue(['summary'], `unknown placeholder ${unknown.map((name) => `{{${name}}}`).join(', ')}; ${kind} rules offer ${allowed.join(', ')}`);
  }
  if (hasMalformedPlaceholder(summary)) issue(['summary'], 'malformed placeholder: write {{name}} with a lower-case name');
}

function checkSingleEvent(rule: z.infer<typeof singleEventSchema>, issue: AddIssue): void {
  const measures: Readonly<Record<typeof rule.event, readonly string[]>> = {
    incident: incidentMeasures,
    seizure: seizureMeasures,
    'cultivation-survey': surveyMeasures,
  };
  if (!measures[rule.event].includes(rule.measure)) {
    issue(['measure'], `${rule.event} events measure ${measures[rule.event].join(', ')}`);
  }
  if (rule.incidentTypes !== undefined && rule.event !== 'incident') issue(['incidentTypes'], 'only for incident rules');
  if (rule.event !== 'seizure' || rule.measure !== 'quantity') {
    if (rule.substance !== undefined) issue(['substance'], 'only for seizure rules measuring quantity');
    if (rule.unit !== undefined) issue(['unit'], 'only for seizure rules measuring quantity');
    return;
  }
  if (rule.substance === undefined) {
    issue(['substance'], 'a seizure quantity rule names its substance, e.g. cocaine-hydrochloride');
    return;
  }
  const units: readonly string[] = substanceUnits[rule.substance];
  if (rule.unit === undefined && units.length > 1) issue(['unit'], `${rule.substance} is measured in ${units.join(', ')}: name one`);
  if (rule.unit !== undefined && !units.includes(rule.unit)) issue(['unit'], `${rule.substance} is measured in ${units.join(', ')}`);
}
