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
 * The survey figures of one region and one source, one set per surveyed year
 * Y, all in the `annual` window with `asOf` = 31 December of Y. They depend
 * only on which years are present, never on the order they arrived in or on
 * daily time:
 *
 * - `cultivation.coca.ha`: hectares in Y. Two reports of the same source,
 *   region and year are a conflict (a revision should have replaced the
 *   first): the figure is their mean and `contributingEvents` says 2.
 * - `.yoy-ha` / `.yoy-pct`: change from Y − 1 of the same source; absent
 *   when Y − 1 has no survey, and the percentage also when Y − 1 had 0 ha.
 * - `.share-national-pct`: Y's hectares over the same source's national
 *   figure of Y, for regions other than `PE` that received it.
 *
 * Sources are separate series, never averaged or summed with each other:
 * DEVIDA's 61,777 ha and the US ONDCP's 88,200 ha for Peru 2020 are two
 * measurements, and a mean of them is a figure nobody published.
 */
export function surveyFigures(region: RegionRef, source: string, hectares: Series | undefined, national: Series | undefined): Figures {
  const figures = new Map<string, Figure>();
  const byYear = yearly(hectares);
  const nationalByYear = yearly(national);
  const window = 'annual';
  for (const [year, current] of byYear) {
    const asOf = lastDayOfYear(year);
    const put = (metric: string, value: number | undefined, contributingEvents: number) =>
      putFigure(figures, { metric, window, value, contributingEvents, asOf, source, year });
    put(surveyMetric.hectares, current.hectares, current.surveys);
    const before = byYear.get(year - 1);
    if (before !== undefined) {
      const surveys = current.surveys + before.surveys;
      put(surveyMetric.yoyHa, current.hectares - before.hectares, surveys);
      put(surveyMetric.yoyPct, percentChange(current.hectares, before.hectares), surveys);
    }
    const whole = nationalByYear.get(year);
    if (region.code !== nationalRegionCode && whole !== undefined) {
      put(surveyMetric.shareOfNationalPct, percentShare(current.hectares, whole.hectares), current.surveys + whole.surveys);
    }
  }
  return figures;
}

/** Mean hectares per year over the surveys counted in it; a year whose surveys were all withdrawn has none. */
function yearly(series: Series | undefined): Map<number, YearFigure> {
  const years = new Map<number, YearFigure>();
  series?.buckets.forEach((bucket, day) => {
    if (bucket.eventCount > 0) years.set(yearOf(day), { hectares: bucket.value / bucket.eventCount, surveys: bucket.eventCount });
  });
  return years;
}
