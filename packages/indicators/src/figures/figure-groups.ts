import type { RegionRef } from '@vigia/schemas';
import { MetricKind, metricKindOf, surveyMetric } from '../metrics/metric-catalogue.ts';
import { seriesKey, type AggregationState } from '../state/aggregation-state.ts';
import type { DayNumber } from '../time/days.ts';
import { dailyFigures } from './daily-figures.ts';
import type { Figures } from './figure.ts';
import { surveyFigures } from './survey-figures.ts';

/**
 * The unit of recomputation: the figures of a daily series depend only on it;
 * a region's survey figures of one source depend on that source's two survey
 * series together (its hectares and its national figure). A group is named by
 * its region, its base metric (`cultivation.coca.ha` for the survey group)
 * and, for surveys, the source.
 */
export interface FigureGroup {
  readonly regionCode: string;
  readonly baseMetric: string;
  readonly source: string | undefined;
}

/** The group a bucket of `metric` (and `source`, for surveys) belongs to. */
export function groupOfMetric(regionCode: string, metric: string, source?: string): FigureGroup {
  return metricKindOf(metric) === MetricKind.survey
    ? { regionCode, baseMetric: surveyMetric.hectares, source }
    : { regionCode, baseMetric: metric, source: undefined };
}

export function groupKey(group: FigureGroup): string {
  return seriesKey(group.regionCode, group.baseMetric, group.source);
}

/** The group's figures as of watermark `asOf` (which only daily figures depend on); none when it has no buckets. */
export function figuresOfGroup(state: AggregationState, group: FigureGroup, asOf: DayNumber | undefined): Figures {
  if (group.baseMetric === surveyMetric.hectares) {
    const hectares = state.series.get(seriesKey(group.regionCode, surveyMetric.hectares, group.source));
    const national = state.series.get(seriesKey(group.regionCode, surveyMetric.nationalHectares, group.source));
    const region = regionOfGroup(state, group);
    return region === undefined || group.source === undefined ? new Map() : surveyFigures(region, group.source, hectares, national);
  }
  const series = state.series.get(seriesKey(group.regionCode, group.baseMetric));
  return series === undefined || asOf === undefined ? new Map() : dailyFigures(series, asOf, state.options);
}

/** The region of a group's series, or `undefined` when the group has none. */
export function regionOfGroup(state: AggregationState, group: FigureGroup): RegionRef | undefined {
  const own = state.series.get(seriesKey(group.regionCode, group.baseMetric, group.source));
  if (own !== undefined || group.baseMetric !== surveyMetric.hectares) return own?.region;
  return state.series.get(seriesKey(group.regionCode, surveyMetric.nationalHectares, group.source))?.region;
}
