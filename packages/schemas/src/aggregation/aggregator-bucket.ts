import { z } from 'zod';
import { isoDateSchema, nonNegativeIntSchema } from '../primitives.ts';
import { regionRefSchema } from '../regions.ts';
import { metricIdSchema } from './metrics.ts';

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
  streamTime: isoDateSchema.describe("The partition's stream day when the bucket was written"),
});
export type AggregatorBucket = z.infer<typeof aggregatorBucketSchema>;
