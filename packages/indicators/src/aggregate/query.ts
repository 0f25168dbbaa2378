import type { IndicatorValue, IndicatorWindow } from '@vigia/schemas';
import { figuresOfGroup, groupKey, groupOfMetric, regionOfGroup } from '../figures/figure-groups.ts';
import { figureKey } from '../figures/figure.ts';
import { DerivedIndicator, surveyMetric } from '../metrics/metric-catalogue.ts';
import { seriesKey, type AggregationState } from '../state/aggregation-state.ts';
import { dayNumberOf, isoDayOf } from '../time/days.ts';
import { indicatorValueOf } from './outputs.ts';

/**
 * The query surface: pure reads of a state, for the console's API, the CLI's
 * export and tests. Nothing here mutates the state.
 */

const derivedSuffixes = Object.values(DerivedIndicator).map((suffix) => `.${suffix}`);
const surveyIds = new Set<string>(Object.values(surveyMetric));

/** The base series a published metric id is computed from (`incidents.count.zscore` → `incidents.count`). */
export function baseMetricOf(metric: string): string {
  if (surveyIds.has(metric)) return surveyMetric.hectares;
  const suffix = derivedSuffixes.find((candidate) => metric.endsWith(candidate));
  return suffix === undefined ? metric : metric.slice(0, -suffix.length);
}

/** Which survey figure to read: a source (default: any, in alphabetical order) and a year (default: the latest). */
export interface SurveySelection {
  readonly source?: string;
  readonly year?: number;
}

/**
 * The indicator as it stands at the state's watermark (survey figures: of
 * the selected source and year, at that year's 31 December), with
 * `previousValue: null` and `correction: false`; `undefined` when it has no
 * value.
 */
export function currentValue(
  state: AggregationState,
  regionCode: string,
  metric: string,
  window: IndicatorWindow,
  selection: SurveySelection = {},
): IndicatorValue | undefined {
  const base = baseMetricOf(metric);
  if (base !== surveyMetric.hectares) {
    const group = groupOfMetric(regionCode, base);
    const figure = figuresOfGroup(state, group, state.watermark).get(figureKey(metric, window));
    const region = regionOfGroup(state, group);
    return figure === undefined || region === undefined ? undefined : indicatorValueOf(region, figure, null, false);
  }
  const sources = selection.source === undefined ? surveySourcesOf(state, regionCode) : [selection.source];
  for (const source of sources) {
    const group = groupOfMetric(regionCode, base, source);
    const region = regionOfGroup(state, group);
    const matching = [...figuresOfGroup(state, group, state.watermark).values()]
      .filter((figure) => figure.metric === metric && figure.window === window && (selection.year === undefined || figure.year === selection.year))
      .sort((a, b) => (b.year ?? 0) - (a.year ?? 0));
    if (matching[0] !== undefined && region !== undefined) return indicatorValueOf(region, matching[0], null, false);
  }
  return undefined;
}

/** The survey sources a region has series of, sorted. */
export function surveySourcesOf(state: AggregationState, regionCode: string): string[] {
  const sources = new Set<string>();
  for (const series of seriesOfRegion(state, regionCode)) if (series.source !== undefined) sources.add(series.source);
  return [...sources].sort();
}

/** Every indicator of the state as it stands (optionally of one region): a snapshot for exports and tests. */
export function currentValues(state: AggregationState, regionCode?: string): IndicatorValue[] {
  const values: IndicatorValue[] = [];
  const seen = new Set<string>();
  for (const series of regionCode === undefined ? state.series.values() : seriesOfRegion(state, regionCode)) {
    const group = groupOfMetric(series.region.code, series.metric, series.source);
    const key = groupKey(group);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const figure of figuresOfGroup(state, group, state.watermark).values()) values.push(indicatorValueOf(series.region, figure, null, false));
  }
  return values;
}

export interface SeriesPoint {
  readonly day: string;
  readonly value: number;
  readonly eventCount: number;
}

export interface SeriesRange {
  /** First day, inclusive. Default: the earliest bucket. */
  readonly from?: string;
  /** Last day, inclusive. Default: the watermark (survey series: the latest year). */
  readonly to?: string;
  /** Also list the days without a bucket, as zeros (needs `from` or a bucket). Default false. */
  readonly fillGaps?: boolean;
}

/**
 * The daily buckets of one region and base metric (survey metrics: one point
 * per year of one source, on 1 January of the year), ascending. Only
 * retained days exist: older history is in `vigia.events.v1` and a replay.
 */
export function dailySeries(state: AggregationState, regionCode: string, metric: string, range: SeriesRange = {}, source?: string): SeriesPoint[] {
  const buckets = state.series.get(seriesKey(regionCode, metric, source))?.buckets ?? new Map<number, never>();
  const days = [...buckets.keys()].sort((a, b) => a - b);
  const from = range.from === undefined ? days[0] : dayNumberOf(range.from);
  const to = range.to === undefined ? (source === undefined ? (state.watermark ?? days.at(-1)) : days.at(-1)) : dayNumberOf(range.to);
  if (from === undefined || to === undefined) return [];
  if (range.fillGaps === true) {
    const points: SeriesPoint[] = [];
    for (let day = from; day <= to; day += 1) {
      const bucket = buckets.get(day);
      points.push({ day: isoDayOf(day), value: bucket?.value ?? 0, eventCount: bucket?.eventCount ?? 0 });
    }
    return points;
  }
  return days
    .filter((day) => day >= from && day <= to)
    .map((day) => ({ day: isoDayOf(day), value: buckets.get(day)!.value, eventCount: buckets.get(day)!.eventCount }));
}

function* seriesOfRegion(state: AggregationState, regionCode: string) {
  const prefix = `${regionCode}|`;
  for (const [key, series] of state.series) if (key.startsWith(prefix)) yield series;
}
