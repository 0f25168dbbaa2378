import {
  acknowledgementSchema,
  alertEvidenceSchema,
  alertSchema,
  fingerprintSchema,
  identifierSchema,
  isoDateSchema,
  isoDateTimeSchema,
  labelMatcherSchema,
  labelsSchema,
  namedRegionSchema,
  nonNegativeIntSchema,
  slugSchema,
  type AlertStateRecord,
} from '@vigia/schemas';
import { z } from 'zod';

/**
 * The engine's state: one entry per alert fingerprint (rule + region +
 * labels), plus the silences in force. Plain JSON data, so each entry can be
 * written to the compacted `vigia.alert-state.v1`-style topic under
 * `region|fingerprint` and read back with {@link restoreState}.
 */

export const AlertStatus = { inactive: 'inactive', pending: 'pending', firing: 'firing' } as const;
export type AlertStatus = (typeof AlertStatus)[keyof typeof AlertStatus];

/** What an indicator rule remembers of the latest observation period it saw. */
export const observedSchema = z.object({
  period: z.string().describe('Year (YYYY) for annual windows, the asOf day otherwise'),
  asOf: isoDateSchema,
  value: z.number(),
  previous: z.number().nullable().describe('Previous-period value the rule compared with (growth, first-appearance)'),
});

/** EWMA mean and variance of the observation periods before the latest one (anomaly rules). */
export const baselineSchema = z.object({
  mean: z.number(),
  variance: z.number().min(0),
  count: nonNegativeIntSchema,
});

/** The most recent distinct report days of a region (absence rules), oldest first. */
export const reportsSchema = z.object({
  days: z.array(isoDateSchema),
  lastEventId: identifierSchema.nullable(),
});

export const alertEntrySchema = z.object({
  fingerprint: fingerprintSchema,
  ruleId: slugSchema,
  region: namedRegionSchema,
  labels: labelsSchema,
  status: z.enum(['inactive', 'pending', 'firing']),
  alert: alertSchema.nullable().describe('The latest record published for this fingerprint'),
  startsAt: isoDateTimeSchema.nullable().describe('Start of the current episode (event time); null when inactive'),
  consecutiveBreaches: nonNegativeIntSchema,
  priorBreaches: nonNegativeIntSchema.describe('consecutiveBreaches before the latest observation period'),
  summary: z.string().nullable(),
  evidence: alertEvidenceSchema,
  silenced: z.boolean(),
  acknowledged: acknowledgementSchema.nullable(),
  lastObservation: observedSchema.nullable(),
  baseline: baselineSchema.nullable(),
  reports: reportsSchema.nullable(),
  activeUntil: isoDateTimeSchema.nullable().describe('single-event: the alert resolves by itself at this instant'),
  lastEvaluatedAt: isoDateTimeSchema,
  lastNotifiedAt: isoDateTimeSchema.nullable(),
  lastFiringNotifiedAt: isoDateTimeSchema.nullable().describe('Start of the cooldown'),
  notifiedThisEpisode: z.boolean(),
});
export type AlertEntry = z.infer<typeof alertEntrySchema>;

export const silenceSchema = z.object({
  silenceId: identifierSchema,
  matchers: z.array(labelMatcherSchema).min(1),
  until: isoDateTimeSchema,
  createdBy: z.string(),
  comment: z.string(),
});
export type Silence = z.infer<typeof silenceSchema>;

export const engineStateSchema = z.object({
  version: z.literal(1),
  clock: isoDateTimeSchema.nullable().describe('Stream time: the largest nowStreamTime seen'),
  alerts: z.record(fingerprintSchema, alertEntrySchema),
  silences: z.record(identifierSchema, silenceSchema),
});
export type EngineState = z.infer<typeof engineStateSchema>;

/** The state before any input: no alerts, no silences, no stream time. */
export function initialState(): EngineState {
  return { version: 1, clock: null, alerts: {}, silences: {} };
}

/**
 * The `vigia.alert-state.v1` view of an entry (`null` while nothing was ever
 * published for it). The topic's schema carries the lifecycle fields only; the
 * engine's bookkeeping (baselines, report days, cooldown start) lives in the
 * entry itself.
 */
export function toAlertStateRecord(entry: AlertEntry): AlertStateRecord | null {
  if (entry.alert === null) return null;
  return {
    type: 'alert-state.updated',
    alert: entry.alert,
    breachingSince: entry.status === 'inactive' ? null : entry.startsAt,
    consecutiveBreaches: entry.consecutiveBreaches,
    lastEvaluatedAt: entry.lastEvaluatedAt,
    lastNotifiedAt: entry.lastNotifiedAt,
  };
}
