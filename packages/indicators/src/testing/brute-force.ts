import { nationalRegionCode, surveySourceOf, type CanonicalEvent, type RegionRef } from '@vigia/schemas';
import { baselineLookbackDays } from '../state/period-sums.ts';
import { ewmaOf, zScoreOf } from '../maths/ewma.ts';
import { metricsOf } from '../metrics/event-metrics.ts';
import { baselineWindows, changeWindows, dailyWindowDays, dailyWindows, MetricKind, metricKindOf, surveyMetric } from '../metrics/metric-catalogue.ts';
import type { AggregationSettings } from '../state/aggregation-state.ts';
import { dayNumberOf, firstDayOfYear, isoDayOf, lastDayOfYear, yearOf, type DayNumber } from '../time/days.ts';
import { horizonDay } from '../time/retention.ts';
import { testTargetRegions } from './fixtures.ts';

/**
 * The reference the property tests compare the incremental aggregation with:
 * every figure recomputed from scratch out of the events' surviving versions,
 * the slow and obvious way (day-by-day loops, no state, no netting, no
 * eviction — only the retention horizon applied to the final stream day).
 */
export interface ReferenceFigure {
  readonly value: number;
  readonly contributingEvents: number;
  readonly asOf: string;
}

type Buckets = Map<string, { region: RegionRef; metric: string; source: string | undefined; days: Map<DayNumber, { value: number; count: number }> }>;

/**
 * Figures by indicator key (`region|metric|window`, surveys
 * `region|metric|annual|source|year`) for the regions `owns` accepts, daily
 * ones as of `watermark` (`undefined`: no daily figures).
 */
export function referenceFigures(
  survivors: readonly CanonicalEvent[],
  owns: (regionCode: string) => boolean,
  watermark: DayNumber | undefined,
  settings: AggregationSettings,
  shareRegions: readonly RegionRef[],
): Map<string, ReferenceFigure> {
  const buckets: Buckets = new Map();
  const add = (region: RegionRef, metric: string, source: string | undefined, day: DayNumber, value: number) => {
    if (!owns(region.code)) return;
    if (watermark !== undefined && day <= horizonDay(metricKindOf(metric), watermark, settings)) return;
    const key = `${region.code}|${metric}|${source ?? ''}`;
    const series = buckets.get(key) ?? { region, metric, source, days: new Map() };
    buckets.set(key, series);
    const bucket = series.days.get(day) ?? { value: 0, count: 0 };
    series.days.set(day, { value: bucket.value + value, count: bucket.count + 1 });
  };
  for (const event of survivors) {
    const day = dayNumberOf(event.occurredAt);
    const source = event.kind === 'cultivation-survey' ? surveySourceOf(event.source.name) : undefined;
    for (const target of targetsOf(event, shareRegions)) {
      for (const [metric, value] of target.metrics) add(target.region, metric, source, day, value);
    }
  }
  const figures = new Map<string, ReferenceFigure>();
  for (const series of buckets.values()) {
    if (metricKindOf(series.metric) === MetricKind.daily && watermark !== undefined) dailyReference(series, watermark, settings, figures);
    if (series.metric === surveyMetric.hectares) {
      const national = buckets.get(`${series.region.code}|${surveyMetric.nationalHectares}|${series.source}`);
      surveyReference(series.region, series.source!, series, national, figures);
    }
  }
  return figures;
}

function targetsOf(event: CanonicalEvent, shareRegions: readonly RegionRef[]): Array<{ region: RegionRef; metrics: ReadonlyMap<string, number> }> {
  const metrics = metricsOf(event);
  if (event.kind === 'cultivation-survey') {
    const targets = [{ region: event.region, metrics }];
    if (event.region.code === nationalRegionCode) {
      for (const region of shareRegions) {
        if (region.code !== nationalRegionCode) targets.push({ region, metrics: new Map([[surveyMetric.nationalHectares, event.hectares]]) });
      }
    }
    return targets;
  }
  const { ubigeo, zone } = event.location;
  const seen = new Set<string>();
  return [...testTargetRegions(ubigeo), ...(zone === undefined ? [] : testTargetRegions(zone))]
    .filter((region) => !seen.has(region.code) && seen.add(region.code) !== undefined)
    .map((region) => ({ region, metrics }));
}

function dailyReference(
  series: { region: RegionRef; metric: string; days: Map<DayNumber, { value: number; count: number }> },
  watermark: DayNumber,
  settings: AggregationSettings,
  into: Map<string, ReferenceFigure>,
): void {
  const streamDay = watermark;
  const asOf = isoDayOf(streamDay);
  if (![...series.days.keys()].some((day) => day <= streamDay)) return;
  const put = (metric: string, window: string, value: number | undefined, contributingEvents: number) => {
    if (value !== undefined && Number.isFinite(value)) into.set(`${series.region.code}|${metric}|${window}`, { value, contributingEvents, asOf });
  };
  const firstDay = Math.min(...[...series.days.keys()].filter((day) => day <= streamDay));
  for (const window of dailyWindows) {
    const length = dailyWindowDays[window];
    const period = (k: number) => {
      let value = 0;
      let count = 0;
      for (let day = streamDay - (k + 1) * length + 1; day <= streamDay - k * length; day += 1) {
        value += series.days.get(day)?.value ?? 0;
        count += series.days.get(day)?.count ?? 0;
      }
      return { value, count };
    };
    const current = period(0);
    put(series.metric, window, current.value, current.count);
    if (changeWindows.includes(window)) {
      const previous = period(1);
      put(`${series.metric}.change`, window, current.value - previous.value, current.count + previous.count);
      put(
        `${series.metric}.change-pct`,
        window,
        previous.value > 0 ? ((current.value - previous.value) / previous.value) * 100 : undefined,
        current.count + previous.count,
      );
    }
    if (!baselineWindows.includes(window)) continue;
    const past: Array<{ value: number; count: number }> = [];
    for (let k = 1; (k + 1) * length <= Math.min(settings.dailyRetentionDays, baselineLookbackDays) && streamDay - k * length >= firstDay; k += 1)
      past.push(period(k));
    if (past.length < settings.ewmaMinPeriods) continue;
    const ewma = ewmaOf(past.map((p) => p.value).reverse(), settings.ewmaAlpha)!;
    const pastCount = past.reduce((total, p) => total + p.count, 0);
    put(`${series.metric}.baseline`, window, ewma.mean, pastCount);
    put(`${series.metric}.zscore`, window, zScoreOf(current.value, ewma), pastCount + current.count);
  }
}

function surveyReference(
  region: RegionRef,
  source: string,
  hectares: { days: Map<DayNumber, { value: number; count: number }> },
  national: { days: Map<DayNumber, { value: number; count: number }> } | undefined,
  into: Map<string, ReferenceFigure>,
): void {
  const mean = (series: typeof national, year: number) => {
    const bucket = series?.days.get(firstDayOfYear(year));
    return bucket === undefined || bucket.count === 0 ? undefined : { value: bucket.value / bucket.count, count: bucket.count };
  };
  for (const day of hectares.days.keys()) {
    const year = yearOf(day);
    const now = mean(hectares, year);
    if (now === undefined) continue;
    const asOf = isoDayOf(lastDayOfYear(year));
    const put = (metric: string, value: number | undefined, contributingEvents: number) => {
      if (value !== undefined && Number.isFinite(value)) into.set(`${region.code}|${metric}|annual|${source}|${year}`, { value, contributingEvents, asOf });
    };
    put(surveyMetric.hectares, now.value, now.count);
    const before = mean(hectares, year - 1);
    if (before !== undefined) {
      put(surveyMetric.yoyHa, now.value - before.value, now.count + before.count);
      put(surveyMetric.yoyPct, before.value > 0 ? ((now.value - before.value) / before.value) * 100 : undefined, now.count + before.count);
    }
    const whole = mean(national, year);
    if (whole !== undefined && region.code !== nationalRegionCode) {
      put(surveyMetric.shareOfNationalPct, whole.value > 0 ? (now.value / whole.value) * 100 : undefined, now.count + whole.count);
    }
  }
}
