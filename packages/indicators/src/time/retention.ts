import { IndicatorsError } from '../indicators-errors.ts';
import { longestWindowDays, MetricKind } from '../metrics/metric-catalogue.ts';
import { firstDayOfYear, yearOf, type DayNumber } from './days.ts';

/**
 * How long state is kept behind the watermark. Daily buckets live for
 * `dailyRetentionDays` (the 365-day window plus a grace period for late
 * reports); survey buckets for the current year and `surveyRetentionYears`
 * before it (year-on-year change needs the year before the latest survey, and
 * survey editions are published up to a year late). A contribution to a day
 * that is already evicted is ignored: it could not change any window anyway.
 */
export interface RetentionOptions {
  /**
   * Default 3653, ten years: history loaded at once (years of ACLED exports)
   * keeps its daily figures whatever order it arrives in, and a bucket is a
   * few dozen bytes. At least 365 (the longest window).
   */
  readonly dailyRetentionDays?: number;
  /**
   * Default 30. At least 1. One figure per region and year is a few bytes, and
   * a replay's partitions run ahead of each other by years: with 5 years, a
   * 2015 survey reaching a partition whose stream time was already in 2021
   * was dropped, and whether a zone's 2016 growth alert fired depended on
   * which partition the replay happened to read first.
   */
  readonly surveyRetentionYears?: number;
}

export interface Retention {
  readonly dailyRetentionDays: number;
  readonly surveyRetentionYears: number;
}

export const defaultRetention: Retention = Object.freeze({ dailyRetentionDays: 3653, surveyRetentionYears: 30 });

/** Applies defaults and checks ranges once; the result is frozen. */
export function compileRetention(options: RetentionOptions = {}): Retention {
  const dailyRetentionDays = options.dailyRetentionDays ?? defaultRetention.dailyRetentionDays;
  const surveyRetentionYears = options.surveyRetentionYears ?? defaultRetention.surveyRetentionYears;
  if (!Number.isInteger(dailyRetentionDays) || dailyRetentionDays < longestWindowDays) {
    throw new IndicatorsError(
      'VIGIA_INDICATORS_OPTIONS_INVALID',
      `dailyRetentionDays must be an integer of at least ${longestWindowDays} (the longest window)`,
      { context: { option: 'dailyRetentionDays', value: dailyRetentionDays } },
    );
  }
  if (!Number.isInteger(surveyRetentionYears) || surveyRetentionYears < 1) {
    throw new IndicatorsError(
      'VIGIA_INDICATORS_OPTIONS_INVALID',
      'surveyRetentionYears must be an integer of at least 1 (year-on-year change needs the previous year)',
      { context: { option: 'surveyRetentionYears', value: surveyRetentionYears } },
    );
  }
  return Object.freeze({ dailyRetentionDays, surveyRetentionYears });
}

/** The latest day whose buckets of this kind are evicted once the watermark is `watermark`. */
export function horizonDay(kind: MetricKind, watermark: DayNumber, retention: Retention): DayNumber {
  return kind === MetricKind.daily ? watermark - retention.dailyRetentionDays : firstDayOfYear(yearOf(watermark) - retention.surveyRetentionYears) - 1;
}

/** The first stream day at which a bucket of this kind on `day` is evicted (`day <= horizonDay(kind, s)` iff `s >= expiryDay(kind, day)`). */
export function expiryDay(kind: MetricKind, day: DayNumber, retention: Retention): DayNumber {
  return kind === MetricKind.daily ? day + retention.dailyRetentionDays : firstDayOfYear(yearOf(day) + retention.surveyRetentionYears + 1);
}
