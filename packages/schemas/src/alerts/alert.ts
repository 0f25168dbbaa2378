import { z } from 'zod';
import { indicatorWindowSchema, metricIdSchema } from '../aggregation/metrics.ts';
import { identifierSchema, isoDateSchema, isoDateTimeSchema, labelsSchema, slugSchema } from '../primitives.ts';
import { namedRegionSchema, regionCodeSchema } from '../regions.ts';

export const alertSeverities = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

/** Lifecycle as in Prometheus/Alertmanager: a breach is `pending` until it lasts long enough to fire. */
export const alertStates = ['pending', 'firing', 'resolved'] as const;
export type AlertState = (typeof alertStates)[number];

/** Stable identity of an alert (rule + region + labels), computed by `@vigia/rules`; the record key. */
export const fingerprintSchema = identifierSchema.describe('Alert identity: same rule, region and labels → same fingerprint');

export const indicatorEvidenceSchema = z.object({
  region: regionCodeSchema,
  metric: metricIdSchema,
  window: indicatorWindowSchema,
  asOf: isoDateSchema,
  value: z.number(),
  previousValue: z.number().nullable(),
  threshold: z.number().optional().describe('The bound the rule compared the value with'),
});
export type IndicatorEvidence = z.infer<typeof indicatorEvidenceSchema>;

/** Why the alert is in its state: the indicator values the rule read and the events behind them. */
export const alertEvidenceSchema = z.object({
  indicators: z.array(indicatorEvidenceSchema).max(50),
  eventIds: z.array(identifierSchema).max(200).describe('Events in the breaching window (capped at 200)'),
});
export type AlertEvidence = z.infer<typeof alertEvidenceSchema>;

export const acknowledgementSchema = z.object({
  by: z.string().min(1).max(200),
  at: isoDateTimeSchema,
  comment: z.string().max(2000).optional(),
});

/**
 * An alert as of its latest transition, on `vigia.alerts.v1` keyed by
 * fingerprint. Each record is the whole alert, so a consumer that reads only
 * the newest record of a fingerprint knows everything about it.
 */
export const alertSchema = z
  .object({
    type: z.literal('alert.updated'),
    fingerprint: fingerprintSchema,
    ruleId: slugSchema,
    ruleKind: slugSchema.describe('Kind of rule, e.g. threshold, year-over-year, staleness'),
    severity: z.enum(alertSeverities),
    state: z.enum(alertStates),
    region: namedRegionSchema,
    labels: labelsSchema,
    summary: z.string().min(1).max(1000).describe('One line for people, e.g. "Coca in VRAEM +22 % year on year"'),
    evidence: alertEvidenceSchema,
    startsAt: isoDateTimeSchema.describe('When the condition started (event time)'),
    endsAt: isoDateTimeSchema.nullable().describe('When it resolved; null while pending or firing'),
    updatedAt: isoDateTimeSchema.describe('When this record was produced'),
    durationMs: z.int().min(0).optional().describe('endsAt - startsAt; present once resolved'),
    resolution: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe('Why it resolved, for people, when the condition alone does not say: e.g. "2021 grew 7.5 %, not above the 15 threshold"'),
    silenced: z.boolean().describe('True while a silence matches the labels; notifications are suppressed'),
    acknowledged: acknowledgementSchema.nullable(),
  })
  .refine((alert) => (alert.state === 'resolved') === (alert.endsAt !== null), {
    message: 'endsAt is set exactly when the state is resolved',
    path: ['endsAt'],
  })
  .refine((alert) => (alert.state === 'resolved') === (alert.durationMs !== undefined), {
    message: 'durationMs is set exactly when the state is resolved',
    path: ['durationMs'],
  })
  .meta({ id: 'Alert' });
export type Alert = z.infer<typeof alertSchema>;
