import { z } from 'zod';
import { freeTextSchema, identifierSchema, isoDateSchema, isoDateTimeSchema } from '../primitives.ts';

/** Stable id of a canonical event; every revision of the event keeps it. It is the topic key. */
export const eventIdSchema = identifierSchema.describe('Stable event id, shared by all revisions; the record key');

/** Revisions start at 1 and only grow; the highest revision wins. */
export const revisionSchema = z.int().min(1).describe('Revision number, 1 for the first report; latest wins');

export const datePrecisions = ['day', 'month', 'year'] as const;
export type DatePrecision = (typeof datePrecisions)[number];

export const sourceKinds = ['police', 'military', 'ngo', 'press', 'government', 'analyst', 'other'] as const;
export type SourceKind = (typeof sourceKinds)[number];

export const eventSourceSchema = z
  .object({
    name: z.string().min(1).max(200).describe('Who reported it, e.g. "DIRANDRO-PNP", "ACLED", "UNODC"'),
    kind: z.enum(sourceKinds),
    reference: z.string().max(500).optional().describe("The source's own id or URL for this report"),
  })
  .describe('Who reported the event');
export type EventSource = z.infer<typeof eventSourceSchema>;

export const confidenceLevels = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof confidenceLevels)[number];

/**
 * Fields every canonical event has. `occurredAt` is the first day of the
 * period `precision` names ("March 2021" → `2021-03-01` + `month`), so windows
 * can place every event on one day and analysts can still filter the vague ones.
 */
export const eventCommonShape = {
  eventId: eventIdSchema,
  revision: revisionSchema,
  occurredAt: isoDateSchema.describe('When it happened: first day of the period given by precision'),
  precision: z.enum(datePrecisions).describe('How precise occurredAt is'),
  reportedAt: isoDateTimeSchema.describe('When the source reported this revision'),
  source: eventSourceSchema,
  confidence: z.enum(confidenceLevels),
  notes: freeTextSchema.optional(),
};

/** True when `occurredAt` is the first day of its period, as `precision` requires. */
export function occurredAtMatchesPrecision(occurredAt: string, precision: DatePrecision): boolean {
  if (precision === 'month') return occurredAt.endsWith('-01');
  if (precision === 'year') return occurredAt.endsWith('-01-01');
  return true;
}

export const occurredAtPrecisionIssue = {
  message: 'occurredAt must be the first day of its period (YYYY-MM-01 for month, YYYY-01-01 for year)',
  path: ['occurredAt'],
};
