import { z } from 'zod';

/**
 * Small building blocks shared by every topic schema. Keeping them in one
 * place keeps the JSON Schemas consistent (same formats, same patterns).
 */

/** Calendar date `YYYY-MM-DD` (RFC 3339 full-date). */
export const isoDateSchema = z.iso.date().describe('Calendar date, YYYY-MM-DD (RFC 3339 full-date)');

/** Instant with an explicit offset (RFC 3339 date-time, e.g. `2024-05-01T13:45:00Z`). */
export const isoDateTimeSchema = z.iso.datetime({ offset: true }).describe('Instant, RFC 3339 date-time with offset (Z or ±hh:mm)');

/**
 * Identifiers we generate or accept from sources: printable, no spaces and no
 * `|` (the separator of composite keys), bounded so a key stays small.
 */
export const identifierSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/, 'letters, digits and . _ : @ / - only; no spaces or |');

export const uuidSchema = z.uuid();

/** Kebab-case slug (`armed-clash`, `coca-growth-yoy`). */
export const slugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case: lower-case letters, digits and single dashes');

/**
 * Prometheus-style label name, so label sets translate to metrics and matchers
 * unchanged. Names starting with `__` are reserved there, and excluding them
 * also keeps `__proto__` out of label maps.
 */
export const labelNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/, 'letters, digits and _; not starting with a digit or __');

export const labelsSchema = z.record(labelNameSchema, z.string().max(256)).describe('Label set: name → value');

/** Human text typed by a person or copied from a report. */
export const freeTextSchema = z.string().max(10_000);

export const nonNegativeIntSchema = z.int().min(0);

export const nonNegativeNumberSchema = z.number().min(0);

/** A field-level problem: dotted path (`event.location.ubigeo`, `items[0].unit`) and the reason. */
export const issueSchema = z.object({
  path: z.string().describe('Dotted field path, array indexes in brackets; empty for the whole value'),
  message: z.string(),
});
export type Issue = z.infer<typeof issueSchema>;
