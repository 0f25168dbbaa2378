import { z } from 'zod';
import { identifierSchema, isoDateTimeSchema, labelNameSchema, uuidSchema } from '../primitives.ts';
import { fingerprintSchema } from './alert.ts';

/**
 * What operators do to alerts, on `vigia.alert-actions.v1`, discriminated on
 * `type`. Every action has an id, who did it (`by`) and when (`at`).
 */
const actionCommon = {
  actionId: uuidSchema,
  by: z.string().min(1).max(200).describe('Operator who acted'),
  at: isoDateTimeSchema,
};

export const matcherOperators = ['=', '!=', '=~', '!~'] as const;
export type MatcherOperator = (typeof matcherOperators)[number];

/** Alertmanager-style label matcher; `=~`/`!~` take a regular expression anchored at both ends. */
export const labelMatcherSchema = z
  .object({
    label: labelNameSchema.describe('Label name; region, severity and rule are always present'),
    operator: z.enum(matcherOperators),
    value: z.string().max(256),
  })
  .refine((matcher) => !matcher.operator.endsWith('~') || isValidRegex(matcher.value), {
    message: 'not a valid regular expression',
    path: ['value'],
  });
export type LabelMatcher = z.infer<typeof labelMatcherSchema>;

export const alertAcknowledgedSchema = z.object({
  type: z.literal('alert.acknowledged'),
  ...actionCommon,
  fingerprint: fingerprintSchema,
  comment: z.string().max(2000).optional(),
});

export const silenceCreatedSchema = z.object({
  type: z.literal('silence.created'),
  ...actionCommon,
  silenceId: identifierSchema,
  matchers: z.array(labelMatcherSchema).min(1).max(20),
  until: isoDateTimeSchema.describe('The silence ends by itself at this instant'),
  comment: z.string().min(1).max(2000).describe('Why; required so silences stay accountable'),
});

export const silenceRemovedSchema = z.object({
  type: z.literal('silence.removed'),
  ...actionCommon,
  silenceId: identifierSchema,
  comment: z.string().max(2000).optional(),
});

export const resolutionNotedSchema = z.object({
  type: z.literal('alert.resolution-noted'),
  ...actionCommon,
  fingerprint: fingerprintSchema,
  note: z.string().min(1).max(10_000).describe('What was done or found'),
});

export const alertActionSchema = z.discriminatedUnion('type', [alertAcknowledgedSchema, silenceCreatedSchema, silenceRemovedSchema, resolutionNotedSchema]);
export type AlertAction = z.infer<typeof alertActionSchema>;
export type AlertActionType = AlertAction['type'];

function isValidRegex(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`, 'u');
    return true;
  } catch {
    return false;
  }
}
