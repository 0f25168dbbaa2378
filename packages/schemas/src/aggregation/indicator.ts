import { z } from 'zod';
import { isoDateSchema, nonNegativeIntSchema } from '../primitives.ts';
import { regionCodeSchema, regionLevelSchema, levelOfRegionCode } from '../regions.ts';
import { indicatorWindowSchema, metricIdSchema, surveySourceSchema } from './metrics.ts';

/**
 * The latest value of one indicator, on compacted `vigia.indicators.v1` keyed
 * `region|metric|window` (daily windows) or `region|metric|annual|source|year`
 * (survey figures: each source and year is its own series point, so no
 * compaction or coalescing can drop a year). A late event re-emits the affected values with
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
    source: surveySourceSchema.optional().describe('Annual (survey) figures only: the survey series, e.g. devida'),
    year: z.int().min(1990).max(2100).optional().describe('Annual (survey) figures only: the surveyed year; asOf is its 31 December'),
  })
  .refine((indicator) => levelOfRegionCode(indicator.region) === indicator.level, {
    message: 'region code does not match level',
    path: ['region'],
  })
  .refine((indicator) => (indicator.window === 'annual') === (indicator.source !== undefined && indicator.year !== undefined), {
    message: 'annual figures carry source and year; daily windows carry neither',
    path: ['window'],
  });
export type IndicatorValue = z.infer<typeof indicatorValueSchema>;
