import { levelOfRegionCode, type CanonicalEvent, type IndicatorValue, type RegionLevel, type RegionRef } from '@vigia/schemas';
import { dayMs } from '../core/duration.ts';
import { dayOf, dayStartMs } from '../core/time.ts';
import type { ExpectedAlertInput, InputSeriesInput, RuleTestFileInput, RuleTestInput } from './rule-test-file-schema.ts';
import { expandValues } from './values-notation.ts';

/** One expected alert: rule, region and state always; day, labels and summary when the test names them. */
export interface ExpectedAlert {
  readonly rule: string;
  readonly region: string;
  readonly state: 'firing' | 'resolved';
  readonly day?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly summary?: string;
}

/** A report from a region on a day: what the fan-out's contribution tells absence rules. */
export interface ReportDay {
  readonly region: RegionRef;
  readonly day: string;
}

/** One test, ready to run: the inputs as the alerter receives them, and what it must raise. */
export interface RuleTest {
  readonly name: string;
  /** `tests[2]`: where the test is in its file. */
  readonly path: string;
  /** In file order: series by series, each in time order. */
  readonly indicators: readonly IndicatorValue[];
  readonly reports: readonly ReportDay[];
  readonly events: readonly CanonicalEvent[];
  /** First and last day of daily time (watermarks); `undefined` when the test has only survey years. */
  readonly days: { readonly first: string; readonly last: string } | undefined;
  readonly expected: readonly ExpectedAlert[];
}

export interface RuleTestFile {
  /** As written: relative to the test file. */
  readonly ruleFiles: readonly string[];
  readonly tests: readonly RuleTest[];
}

/** The parsed file as runnable tests; the schema has checked every value string and span. */
export function compileRuleTestFile(file: RuleTestFileInput): RuleTestFile {
  return { ruleFiles: file.rule_files, tests: file.tests.map(compileRuleTest) };
}

function compileRuleTest(test: RuleTestInput, index: number): RuleTest {
  const indicators = (test.input_series ?? []).flatMap(indicatorValuesOfSeries);
  const reports = (test.reports ?? []).flatMap(({ region, days }) => days.map((day) => ({ region: { code: region, level: levelOf(region) }, day })));
  return {
    name: test.name,
    path: `tests[${index}]`,
    indicators,
    reports,
    events: test.events ?? [],
    days: dailyDaysOf(test),
    expected: test.expected_alerts.map(expectedOf),
  };
}

/** The values of a series as the figures the aggregator would publish: daily `asOf` per day, survey years on their 31 December. */
function indicatorValuesOfSeries(series: InputSeriesInput): IndicatorValue[] {
  const expanded = expandValues(series.values, Number.POSITIVE_INFINITY);
  if (!expanded.ok) return [];
  const level = levelOf(series.region);
  const values: IndicatorValue[] = [];
  let previousValue: number | null = null;
  for (const [step, value] of expanded.values.entries()) {
    if (value === null) continue;
    const survey = series.source === undefined ? undefined : { source: series.source, year: Number(series.from) + step };
    values.push({
      type: 'indicator.updated',
      region: series.region,
      level,
      metric: series.metric,
      window: survey === undefined ? (series.window ?? '7d') : 'annual',
      asOf: survey === undefined ? addDays(String(series.from), step) : `${survey.year}-12-31`,
      value,
      previousValue,
      correction: false,
      contributingEvents: 0,
      ...survey,
    });
    previousValue = value;
  }
  return values;
}

/** Daily time of a test: from its earliest daily input to its latest, or to `until`. Survey years move no daily time. */
export function dailyDaysOf(test: RuleTestInput): { readonly first: string; readonly last: string } | undefined {
  const days: string[] = [];
  for (const series of test.input_series ?? []) {
    if (series.source !== undefined || typeof series.from !== 'string') continue;
    const expanded = expandValues(series.values, Number.POSITIVE_INFINITY);
    if (expanded.ok) days.push(series.from, addDays(series.from, expanded.values.length - 1));
  }
  for (const report of test.reports ?? []) days.push(...report.days);
  for (const event of test.events ?? []) if (event.kind !== 'cultivation-survey') days.push(event.occurredAt.slice(0, 10));
  if (test.until !== undefined) days.push(test.until);
  if (days.length === 0) return undefined;
  days.sort();
  return { first: days[0]!, last: test.until ?? days.at(-1)! };
}

export function daysBetween(first: string, last: string): number {
  return Math.round((dayStartMs(last) - dayStartMs(first)) / dayMs);
}

export function addDays(day: string, count: number): string {
  return dayOf(dayStartMs(day) + count * dayMs);
}

function expectedOf(input: ExpectedAlertInput): ExpectedAlert {
  return {
    rule: input.rule,
    region: input.region,
    state: input.state,
    ...(input.day === undefined ? {} : { day: input.day }),
    ...(input.labels === undefined ? {} : { labels: input.labels }),
    ...(input.summary === undefined ? {} : { summary: input.summary }),
  };
}

function levelOf(code: string): RegionLevel {
  // The schema has checked the code.
  return levelOfRegionCode(code) ?? 'national';
}
