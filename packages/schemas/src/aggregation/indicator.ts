import { z } from 'zod';
import { isoDateSchema, nonNegativeIntSchema } from '../primitives.ts';
import { regionCodeSchema, regionLevelSchema, levelOfRegionCode } from '../regions.ts';
import { indicatorWindowSchema, metricIdSchema, surveySourceSchema } from './metrics.ts';

/**
 * The value of one indicator (region, metric, window; survey figures also
 * source and year): what the rules engine observes, what the query API
 * answers, one figure of an `indicators.updated` record taken apart by
 * `indicatorValuesOf`. A late event re-emits the affected values with
 * `correction: true`.
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

/** One figure of an `indicators.updated` record. */
export const seriesFigureSchema = z.object({
  metric: metricIdSchema.describe('The published metric: the series metric or one derived from it (incidents.count.zscore)'),
  window: indicatorWindowSchema,
  value: z.number(),
  contributingEvents: nonNegativeIntSchema.describe('Events counted in the window'),
  previousValue: z.number().nullable().optional().describe('Present only when this figure changed in this record: its value before, null when it is new'),
});
export type SeriesFigure = z.infer<typeof seriesFigureSchema>;

/**
 * Every figure of one series as it stands, on compacted `vigia.indicators.v2`
 * keyed `region|metric` (a daily series: all its windows and derived figures)
 * or `region|cultivation.coca.ha|source|year` (one survey year of one source:
 * each year its own record, so no compaction can drop a year). One record per
 * changed series per batch, carrying the whole series, so the latest record of
 * a key is all a subscriber needs; figures that changed carry
 * `previousValue`. A late event re-emits the series with `correction: true`;
 * a tombstone means the series no longer has figures.
 */
export const indicatorSeriesSchema = z
  .object({
    type: z.literal('indicators.updated'),
    region: regionCodeSchema,
    level: regionLevelSchema,
    metric: metricIdSchema.describe('The series: a daily base metric, or cultivation.coca.ha for a survey year'),
    asOf: isoDateSchema.describe('Stream day the windows end on (event time, not wall clock); survey years: their 31 December'),
    correction: z.boolean().describe('True when a late or revised event changed an already published day or survey year'),
    source: surveySourceSchema.optional().describe('Survey years only: the survey series, e.g. devida'),
    year: z.int().min(1990).max(2100).optional().describe('Survey years only: the surveyed year'),
    figures: z.array(seriesFigureSchema).min(1),
  })
  .refine((series) => levelOfRegionCode(series.region) === series.level, {
    message: 'region code does not match level',
    path: ['region'],
  })
  .refine((series) => (series.source === undefined) === (series.year === undefined), {
    message: 'survey years carry both source and year; daily series carry neither',
    path: ['year'],
  })
  .refine((series) => series.figures.every((figure) => (figure.window === 'annual') === (series.year !== undefined)), {
    message: 'survey years hold annual figures only; daily series hold daily windows only',
    path: ['figures'],
  });
export type IndicatorSeries = z.infer<typeof indicatorSeriesSchema>;

/**
 * The figures of a record as indicator values: those that changed in it
 * (`previousValue` present), or all of them with `{ all: true }` — what the
 * rules engine observes and what a snapshot lists.
 */
export function indicatorValuesOf(series: IndicatorSeries, options: { readonly all?: boolean } = {}): IndicatorValue[] {
  const values: IndicatorValue[] = [];
  for (const figure of series.figures) {
    if (figure.previousValue === undefined && options.all !== true) continue;
    values.push({
      type: 'indicator.updated',
      region: series.region,
      level: series.level,
      metric: figure.metric,
      window: figure.window,
      asOf: series.asOf,
      value: figure.value,
      previousValue: figure.previousValue ?? null,
      correction: series.correction,
      contributingEvents: figure.contributingEvents,
      ...(series.source === undefined || series.year === undefined ? {} : { source: series.source, year: series.year }),
    });
  }
  return values;
}

/**
 * A record that changes one figure and carries nothing else: how a test or
 * a tool that thinks in single figures publishes one (the series is named
 * after the figure's metric).
 */
export function seriesOfValue(value: IndicatorValue): IndicatorSeries {
  const { region, level, metric, window, asOf, correction, source, year } = value;
  return {
    type: 'indicators.updated',
    region,
    level,
    metric,
    asOf,
    correction,
    ...(source === undefined || year === undefined ? {} : { source, year }),
    figures: [{ metric, window, value: value.value, contributingEvents: value.contributingEvents, previousValue: value.previousValue }],
  };
}
