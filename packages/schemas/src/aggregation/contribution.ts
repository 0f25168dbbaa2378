import { z } from 'zod';
import { identifierSchema, isoDateSchema } from '../primitives.ts';
import { regionRefSchema } from '../regions.ts';
import { metricIdSchema, surveySourceSchema } from './metrics.ts';

/**
 * One event change's effect on one target region and day, on
 * `vigia.contributions.v1` keyed by the target region code. This is the
 * repartition step (Kafka Streams' `groupBy`): an event counts towards its
 * district, province, department, zones and the nation, and each region's
 * state must live on exactly one partition. A revision yields negative deltas
 * for the regions/day of the previous version and positive ones for the
 * current version; a retraction only negative ones.
 */
export const contributionSchema = z.object({
  type: z.literal('contribution.emitted'),
  target: regionRefSchema.describe('Region whose indicators change; its code is the record key'),
  eventId: identifierSchema,
  revision: z.int().min(1).describe('Revision of the change that produced this contribution'),
  day: isoDateSchema.describe('Event-time day bucket (occurredAt of the version contributing)'),
  deltas: z.record(metricIdSchema, z.number()).describe('metric id → amount to add (negative to subtract)'),
  eventCountDelta: z.int().min(-1).max(1).describe('+1 adds the event to the bucket, -1 removes it, 0 neither'),
  source: surveySourceSchema.optional().describe('Survey contributions only: the survey series (source) the deltas belong to'),
});
export type Contribution = z.infer<typeof contributionSchema>;

/**
 * The event time up to which the fan-out has read its input, broadcast to
 * every partition of `vigia.contributions.v1` (explicit partition, key
 * `watermark`). Every aggregate partition derives its daily "as of" day from
 * these marks alone, so all regions share one time whatever partition they
 * hash to, and a region's figures do not depend on which other regions share
 * its partition. Only daily events move it; surveys never do.
 */
export const watermarkSchema = z.object({
  type: z.literal('watermark.advanced'),
  day: isoDateSchema.describe('Latest daily event day the fan-out has read'),
});
export type Watermark = z.infer<typeof watermarkSchema>;

/** What `vigia.contributions.v1` carries: contributions keyed by region, and watermarks. */
export const contributionsTopicValueSchema = z.discriminatedUnion('type', [contributionSchema, watermarkSchema]);
export type ContributionsTopicValue = z.infer<typeof contributionsTopicValueSchema>;
