import { nationalRegionCode, type RegionRef } from '@vigia/schemas';
import { percentChange, percentShare } from '../maths/growth.ts';
import { surveyMetric } from '../metrics/metric-catalogue.ts';
import type { Series } from '../state/aggregation-state.ts';
import { lastDayOfYear, yearOf } from '../time/days.ts';
import { putFigure, type Figure, type Figures } from './figure.ts';

interface YearFigure {
  readonly hectares: number;
  readonly surveys: number;
}

/**
 * A region's survey figures, all in the `annual` window and all about its
 * latest surveyed year Y (the highest year with a survey, whatever the arrival
 * order); `asOf` is 31 December of Y, so they do not move with stream time.
 *
 * - `cultivation.coca.ha`: hectares in Y. Several surveys of the same region
 *   and year (a UNODC and a DEVIDA edition) are averaged, never added.
 * - `.yoy-ha` / `.yoy-pct`: change from Y − 1; absent when Y − 1 has no survey
 *   (a zone's first year) and the percentage also when Y − 1 had 0 ha.
 * - `.share-national-pct`: Y's hectares over the national figure of Y, for
 *   regions other than `PE` that received it (see `FanOutOptions.shareRegions`).
 */
export function surveyFigures(region: RegionRef, hectares: Series | undefined, national: Series | undefined): Figures {
  const figures = new Map<string, Figure>();
  const byYear = yearly(hectares);
  const latestYear = Math.max(...byYear.keys());
  const latest = byYear.get(latestYear);
  if (latest === undefined) return figures;
  const asOf = lastDayOfYear(latestYear);
  const window = 'annual';
  putFigure(figures, { metric: surveyMetric.hectares, window, value: latest.hectares, contributingEvents: latest.surveys, asOf });
  const before = byYear.get(latestYear - 1);
  if (before !== undefined) {
    const surveys = latest.surveys + before.surveys;
    putFigure(figures, { metric: surveyMetric.yoyHa, window, value: latest.hectares - before.hectares, contributingEvents: surveys, asOf });
    putFigure(figures, { metric: surveyMetric.yoyPct, window, value: percentChange(latest.hectares, before.hectares), contributingEvents: surveys, asOf });
  }
  const whole = yearly(national).get(latestYear);
  if (region.code !== nationalRegionCode && whole !== undefined) {
    const value = percentShare(latest.hectares, whole.hectares);
    putFigure(figures, { metric: surveyMetric.shareOfNationalPct, window, value, contributingEvents: latest.surveys + whole.surveys, asOf });
  }
  return figures;
}

/** Mean hectares per year over the surveys counted in it; a year whose surveys were all withdrawn has none. */
function yearly(series: Series | undefined): Map<number, YearFigure> {
  const sums = new Map<number, { value: number; surveys: number }>();
  for (const [day, bucket] of series?.buckets ?? []) {
    const year = yearOf(day);
    const sum = sums.get(year) ?? { value: 0, surveys: 0 };
    sums.set(year, { value: sum.value + bucket.value, surveys: sum.surveys + bucket.eventCount });
  }
  const years = new Map<number, YearFigure>();
  for (const [year, { value, surveys }] of sums) if (surveys > 0) years.set(year, { hectares: value / surveys, surveys });
  return years;
}
