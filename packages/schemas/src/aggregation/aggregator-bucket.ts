import { z } from 'zod';
import { isoDateSchema, nonNegativeIntSchema } from '../primitives.ts';
import { regionRefSchema } from '../regions.ts';
import { metricIdSchema, surveySourceSchema } from './metrics.ts';

/**
 * The aggregator's state, one daily bucket per region and metric, on compacted
 * `vigia.aggregator.changelog.v1` keyed `region|metric|day`. A restarted
 * instance rebuilds its state from the partitions it owns; a tombstone (null
 * value) removes a bucket that fell out of every window.
 */
export const aggregatorBucketSchema = z.object({
  type: z.literal('bucket.updated'),
  region: regionRefSchema,
  metric: metricIdSchema,
  day: isoDateSchema,
  value: z.number(),
  eventCount: nonNegativeIntSchema,
  streamTime: isoDateSchema.describe("The partition's watermark day when the bucket was written"),
  source: surveySourceSchema.optional().describe('Survey buckets only: the survey series (source)'),
});
export type AggregatorBucket = z.infer<typeof aggregatorBucketSchema>;

/**
 * The partition's watermark, written to the changelog partition it belongs to
 * (key `watermark`) whenever it advances: a watermark moves without writing
 * any bucket, so a restore needs it to resume at the same "as of" day.
 */
export const aggregatorWatermarkSchema = z.object({
  type: z.literal('watermark.advanced'),
  day: isoDateSchema,
});
export type AggregatorWatermark = z.infer<typeof aggregatorWatermarkSchema>;

export const changelogValueSchema = z.discriminatedUnion('type', [aggregatorBucketSchema, aggregatorWatermarkSchema]);
export type ChangelogValue = z.infer<typeof changelogValueSchema>;
