import type { RegionRef } from '@vigia/schemas';
import { MetricKind, metricKindOf, surveyMetric } from '../metrics/metric-catalogue.ts';
import { seriesKey, type AggregationState } from '../state/aggregation-state.ts';
import type { DayNumber } from '../time/days.ts';
import { dailyFigures } from './daily-figures.ts';
import type { Figures } from './figure.ts';
import { surveyFigures } from './survey-figures.ts';

/**
 * The unit of recomputation: the figures of a daily series depend only on it;
 * a region's survey figures depend on its two survey series together. A
 * group is named by its region and its base metric (`cultivation.coca.ha`
 * for the survey group).
 */
export interface FigureGroup {
  readonly regionCode: string;
  readonly baseMetric: string;
}

/** The group a bucket of `metric` belongs to. */
export function groupOfMetric(regionCode: string, metric: string): FigureGroup {
  return { regionCode, baseMetric: metricKindOf(metric) === MetricKind.survey ? surveyMetric.hectares : metric };
}

export function groupKey(group: FigureGroup): string {
  return seriesKey(group.regionCode, group.baseMetric);
}

/** The group's figures as of `asOf` (which only daily figures depend on); none when it has no buckets. */
export function figuresOfGroup(state: AggregationState, group: FigureGroup, asOf: DayNumber): Figures {
  if (group.baseMetric === surveyMetric.hectares) {
    const hectares = state.series.get(seriesKey(group.regionCode, surveyMetric.hectares));
    const national = state.series.get(seriesKey(group.regionCode, surveyMetric.nationalHectares));
    const region = regionOfGroup(state, group);
    return region === undefined ? new Map() : surveyFigures(region, hectares, national);
  }
  const series = state.series.get(seriesKey(group.regionCode, group.baseMetric));
  return series === undefined ? new Map() : dailyFigures(series, asOf, state.options);
}

/** The region of a group's series, or `undefined` when the group has none. */
export function regionOfGroup(state: AggregationState, group: FigureGroup): RegionRef | undefined {
  const own = state.series.get(seriesKey(group.regionCode, group.baseMetric));
  if (own !== undefined || group.baseMetric !== surveyMetric.hectares) return own?.region;
  return state.series.get(seriesKey(group.regionCode, surveyMetric.nationalHectares))?.region;
}
