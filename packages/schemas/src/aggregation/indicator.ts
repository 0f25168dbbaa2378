import { z } from 'zod';
import { isoDateSchema, nonNegativeIntSchema } from '../primitives.ts';
import { regionCodeSchema, regionLevelSchema, levelOfRegionCode } from '../regions.ts';
import { indicatorWindowSchema, metricIdSchema } from './metrics.ts';

/**
 * The latest value of one indicator, on compacted `vigia.indicators.v1` keyed
 * `region|metric|window`. A late event re-emits the affected values with
 * `correction: true`; compaction keeps only the latest per key.
 */
export const indicatorValueSchema = z
  .object({
    type: z.literal('indicator.updated'),
    region: regionCodeSchema,
    level: regionLevelSchema,
    metric: metricIdSchema,
    window: indicatorWindowSchema,
    asOf: isoDateSchema.describe('Stream day the window ends on (event time, not wall clock)'),
    value: z.number(),
    previousValue: z.number().nullable().describe('Value before this update; null for the first one'),
    correction: z.boolean().describe('True when a late or revised event changed an already published day'),
    contributingEvents: nonNegativeIntSchema.describe('Events counted in the window'),
  })
  .refine((indicator) => levelOfRegionCode(indicator.region) === indicator.level, {
    message: 'region code does not match level',
    path: ['region'],
  });
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;
