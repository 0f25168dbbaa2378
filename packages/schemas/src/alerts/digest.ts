import { z } from 'zod';
import { identifierSchema, isoDateTimeSchema, nonNegativeIntSchema, slugSchema } from '../primitives.ts';
import { namedRegionSchema } from '../regions.ts';
import { alertSeverities, alertStates, fingerprintSchema } from './alert.ts';

const countsBySeverity = z.object({
  info: nonNegativeIntSchema,
  warning: nonNegativeIntSchema,
  critical: nonNegativeIntSchema,
});

export const digestAlertSchema = z.object({
  fingerprint: fingerprintSchema,
  ruleId: slugSchema,
  severity: z.enum(alertSeverities),
  state: z.enum(alertStates),
  region: namedRegionSchema,
  summary: z.string().max(1000),
  startsAt: isoDateTimeSchema,
});

/** A periodic summary of alert activity (cron), on `vigia.digests.v1` keyed by digest id. */
export const digestSchema = z.object({
  type: z.literal('digest.published'),
  digestId: identifierSchema,
  schedule: slugSchema.describe('Which digest, e.g. daily, weekly'),
  periodStart: isoDateTimeSchema,
  periodEnd: isoDateTimeSchema,
  generatedAt: isoDateTimeSchema,
  totals: z.object({
    opened: countsBySeverity.describe('Alerts that started firing in the period'),
    resolved: countsBySeverity,
    firingAtEnd: countsBySeverity,
  }),
  alerts: z.array(digestAlertSchema).max(1000),
});
export type Digest = z.infer<typeof digestSchema>;
