import {
  canonicalEventSchema,
  indicatorWindowSchema,
  isoDateSchema,
  labelNameSchema,
  metricIdSchema,
  regionCodeSchema,
  slugSchema,
  surveySourceSchema,
} from '@vigia/schemas';
import { z } from 'zod';
import { dailyDaysOf, daysBetween } from './compile-rule-tests.ts';
import { expandValues } from './values-notation.ts';

/**
 * A rule test file as written (`vigia rules test FILE`), after promtool's
 * `test rules` format: the rule files to load, and tests of input series and
 * the alerts they must raise. Objects are strict, so a misspelt field is an
 * error with its line. `compileRuleTests` turns the parsed file into inputs.
 */

/** Steps of one `values` string, and days a test may span: ten years, daily. */
export const maxValuesPerSeries = 3660;
export const maxTestDays = 3660;

// YAML reads 0504 as the number 504: the message says to quote it.
const regionSchema = z.string({ error: "a region code as a string: quote UBIGEO codes ('0504'); zone:vraem, PE" }).pipe(regionCodeSchema);

const valuesSchema = z.string({ error: 'a string of values, one per step, e.g. "0 1 2 _ 5x3"' }).superRefine((text, context) => {
  const expanded = expandValues(text, maxValuesPerSeries);
  if (!expanded.ok) context.addIssue({ code: 'custom', message: expanded.message });
});

export const inputSeriesSchema = z
  .strictObject({
    region: regionSchema,
    metric: metricIdSchema,
    window: indicatorWindowSchema.optional().describe('7d, 30d, 90d, 365d; annual (the default) with source'),
    source: surveySourceSchema.optional().describe('Survey series: the source (devida, us-ondcp…); makes the series annual'),
    from: z
      .union([isoDateSchema, z.int().min(1990).max(2100)], { error: "the first value's day (YYYY-MM-DD), or its year for a survey series (2019)" })
      .describe("The first value's day; for survey series its year"),
    values: valuesSchema.describe('One value per day (per year for surveys), promtool notation'),
  })
  .superRefine((series, context) => {
    const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
    if (series.source !== undefined) {
      if (series.window !== undefined && series.window !== 'annual') issue('window', 'a survey series (with source) is annual: leave window out');
      if (typeof series.from !== 'number') issue('from', 'a survey series starts at a year, e.g. from: 2019');
      return;
    }
    if (series.window === undefined) issue('window', 'required for a daily series (7d, 30d, 90d, 365d); survey series name their source instead');
    if (series.window === 'annual') issue('source', 'an annual series names its survey source, e.g. source: devida');
    if (typeof series.from !== 'string') issue('from', 'a daily series starts at a day, e.g. from: 2024-03-01');
  });
export type InputSeriesInput = z.infer<typeof inputSeriesSchema>;

const reportsSchema = z.strictObject({
  region: regionSchema,
  days: z.array(isoDateSchema).min(1).max(maxValuesPerSeries).describe('Days with a report from the region (absence rules)'),
});

const labelValueSchema = z.union([z.string(), z.number()], { error: 'a label value (a string; numbers are read as text)' }).transform(String);

export const expectedAlertSchema = z.strictObject({
  rule: slugSchema.describe('Rule id'),
  region: regionSchema,
  state: z.enum(['firing', 'resolved']),
  day: isoDateSchema.optional().describe('The stream day it fired or resolved'),
  labels: z.record(labelNameSchema, labelValueSchema).optional().describe('Labels the alert must carry (it may carry more)'),
  summary: z.string().max(1000).optional().describe('The exact summary'),
});
export type ExpectedAlertInput = z.infer<typeof expectedAlertSchema>;

export const ruleTestSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    until: isoDateSchema.optional().describe('Last day evaluated (timers run to it); default the last input day'),
    input_series: z.array(inputSeriesSchema).max(200).optional(),
    reports: z.array(reportsSchema).max(200).optional(),
    events: z.array(canonicalEventSchema).max(1000).optional().describe('Canonical events; a second one with the same eventId is a revision'),
    expected_alerts: z.array(expectedAlertSchema).max(1000).describe('Every alert that fires or resolves; [] for none'),
  })
  .superRefine((test, context) => {
    if ((test.input_series?.length ?? 0) + (test.reports?.length ?? 0) + (test.events?.length ?? 0) === 0) {
      context.addIssue({ code: 'custom', path: ['input_series'], message: 'a test needs input: input_series, reports or events' });
    }
    const inputs = dailyDaysOf({ ...test, until: undefined });
    if (test.until !== undefined && inputs !== undefined && test.until < inputs.last) {
      context.addIssue({ code: 'custom', path: ['until'], message: `is before the last input day ${inputs.last}` });
    }
    const days = dailyDaysOf(test);
    if (days !== undefined && daysBetween(days.first, days.last) >= maxTestDays) {
      context.addIssue({ code: 'custom', path: [], message: `spans ${days.first} to ${days.last}, more than ${maxTestDays} days; split the test` });
    }
  });
export type RuleTestInput = z.infer<typeof ruleTestSchema>;

export const ruleTestFileSchema = z.strictObject({
  rule_files: z.array(z.string().min(1).max(1000)).min(1).max(50).describe('Rule files, relative to this file; ids unique across them'),
  tests: z.array(ruleTestSchema).min(1).max(1000),
});
export type RuleTestFileInput = z.infer<typeof ruleTestFileSchema>;
