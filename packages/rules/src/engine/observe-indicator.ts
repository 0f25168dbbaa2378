import type { IndicatorValue } from '@vigia/schemas';
import { holds, type Condition } from '../core/condition.ts';
import { dayMs } from '../core/duration.ts';
import { dayStartMs } from '../core/time.ts';
import type { AnomalyRule, FirstAppearanceRule, GrowthRule, IndicatorRule, ThresholdRule } from '../rule.ts';
import type { Observation } from './lifecycle.ts';
import type { AlertEntry } from './state.ts';

/**
 * Turns an indicator value into an observation for one indicator rule, and
 * updates what the rule remembers between values.
 *
 * Observation periods: a year for `annual` windows (surveys), the `asOf` day
 * otherwise. Several values of the same period (a correction, a re-emission)
 * replace one another — they are one observation — while a value of an
 * earlier period than the last one seen is history and changes nothing here.
 */
export function observeIndicator(
  entry: AlertEntry,
  rule: IndicatorRule,
  indicator: IndicatorValue,
  previousYear?: number | null,
): { entry: AlertEntry; observation: Observation } | undefined {
  const period = rule.window === 'annual' ? indicator.asOf.slice(0, 4) : indicator.asOf;
  const last = entry.lastObservation;
  if (last !== null && period < last.period) return undefined;
  const samePeriod = last?.period === period;
  const prior = samePeriod ? entry.priorBreaches : entry.consecutiveBreaches;
  const scored = score(entry, rule, indicator, period, samePeriod, previousYear);
  const breaching = scored.breaching;
  const updated: AlertEntry = {
    ...entry,
    lastObservation: { period, asOf: indicator.asOf, value: indicator.value, previous: scored.previous },
    baseline: scored.baseline ?? entry.baseline,
    priorBreaches: prior,
    consecutiveBreaches: breaching ? prior + 1 : 0,
  };
  const observation: Observation = {
    atMs: dayStartMs(indicator.asOf),
    breaching,
    resolving: scored.resolving,
    values: {
      metric: indicator.metric,
      window: indicator.window,
      as_of: indicator.asOf,
      value: indicator.value,
      previous: scored.previous,
      threshold: scored.threshold,
      source: indicator.source ?? null,
      year: indicator.year === undefined ? null : String(indicator.year),
      ...scored.values,
    },
    indicator: {
      region: indicator.region,
      metric: indicator.metric,
      window: indicator.window,
      asOf: indicator.asOf,
      value: indicator.value,
      previousValue: scored.previous,
      threshold: scored.threshold,
    },
  };
  return { entry: updated, observation };
}

interface Scored {
  readonly breaching: boolean;
  readonly resolving: boolean;
  readonly previous: number | null;
  readonly threshold: number;
  readonly baseline?: AlertEntry['baseline'];
  readonly values?: Record<string, number | null>;
}

/**
 * `previousYear`: for a survey figure (each year its own alert), the value
 * the rule remembers for the same source's year before, or `null` when it
 * has seen none; `undefined` for other indicators, whose entry remembers its
 * own previous period.
 */
function score(
  entry: AlertEntry,
  rule: IndicatorRule,
  indicator: IndicatorValue,
  period: string,
  samePeriod: boolean,
  previousYear: number | null | undefined,
): Scored {
  const previous = () => (previousYear === undefined ? previousPeriodValue(entry, indicator, period, samePeriod) : previousYear);
  switch (rule.kind) {
    case 'threshold':
      return threshold(rule, indicator);
    case 'growth':
      return growth(rule, indicator, previous());
    case 'first-appearance':
      return firstAppearance(rule, indicator, previous());
    case 'anomaly':
      return anomaly(entry, rule, indicator, period);
  }
}

function threshold(rule: ThresholdRule, indicator: IndicatorValue): Scored {
  return {
    ...against(rule.when, rule.resolve, indicator.value),
    previous: indicator.previousValue,
    threshold: rule.when.value,
  };
}

/**
 * The value the current period is compared with, fixed by the first value of
 * the period: the rule's memory of the year before when it saw that year;
 * `null` when the last year it saw is older (a gap in the surveys: no
 * year-on-year figure, and the indicator's `previousValue` — "the figure
 * before" — would be that older year); the indicator's `previousValue` only
 * when the rule has seen nothing yet (as in the contract example). Later values
 * of the same period keep that baseline: a correction's `previousValue` is the
 * value before the correction, not last year's.
 */
function previousPeriodValue(entry: AlertEntry, indicator: IndicatorValue, period: string, samePeriod: boolean): number | null {
  const last = entry.lastObservation;
  if (last === null) return indicator.previousValue;
  if (samePeriod) return last.previous;
  return Number(last.period) === Number(period) - 1 ? last.value : null;
}

function growth(rule: GrowthRule, indicator: IndicatorValue, previous: number | null): Scored {
  const usable = previous !== null && previous >= rule.minPrevious;
  const absolute = usable ? indicator.value - previous : null;
  // Multiply before dividing: (88200-72000)*100/72000 is exactly 22.5; 16200/72000*100 is not.
  const percent = usable && previous > 0 ? ((indicator.value - previous) * 100) / previous : null;
  const change = rule.change === 'percent' ? percent : absolute;
  return {
    ...(change === null ? { breaching: false, resolving: true } : against(rule.when, rule.resolve, change)),
    previous,
    threshold: rule.when.value,
    values: { change, change_percent: percent, change_absolute: absolute },
  };
}

function firstAppearance(rule: FirstAppearanceRule, indicator: IndicatorValue, previous: number | null): Scored {
  const hadNone = previous === 0 || (previous === null && rule.missingPreviousMeansNone);
  const breaching = hadNone && indicator.value > rule.minValue;
  return { breaching, resolving: !breaching, previous, threshold: rule.minValue };
}

/**
 * z-score of the value against an EWMA of the earlier periods (each period's
 * last value folded in once, when the next period starts). Incremental
 * EWMA variance after Finch, "Incremental calculation of weighted mean and
 * variance" (2009). The standard deviation is floored at `minStdDev`, so a
 * flat history (variance 0) cannot turn one extra incident into z = ∞.
 */
function anomaly(entry: AlertEntry, rule: AnomalyRule, indicator: IndicatorValue, period: string): Scored {
  const last = entry.lastObservation;
  const baseline =
    last === null || last.period === period ? entry.baseline : foldTimes(entry.baseline, last.value, rule.alpha, periodsBetween(last.period, period));
  const ready = baseline !== null && baseline.count >= rule.minObservations;
  const z = ready ? (indicator.value - baseline.mean) / Math.max(Math.sqrt(baseline.variance), rule.minStdDev) : null;
  const values = { z_score: z, baseline: baseline?.mean ?? null };
  const common = { previous: indicator.previousValue, threshold: rule.when.value, baseline, values };
  if (z === null) return { ...common, breaching: false, resolving: true };
  const scored = against(rule.when, rule.resolve, z);
  const breaching = scored.breaching && indicator.value >= rule.minValue;
  return { ...common, breaching, resolving: rule.resolve === null ? !breaching : scored.resolving };
}

/**
 * Periods from `from` to `to` (days, or years for annual windows). The
 * indicators topic re-emits a value only when it changes, so the periods in
 * between had the last value: it is folded in once per period, capped because
 * after a few hundred folds the EWMA has converged to it anyway.
 */
function periodsBetween(from: string, to: string): number {
  const count = from.length === 4 ? Number(to) - Number(from) : Math.round((dayStartMs(to) - dayStartMs(from)) / dayMs);
  return Math.min(Math.max(count, 1), maxCarriedPeriods);
}

const maxCarriedPeriods = 400;

function foldTimes(baseline: AlertEntry['baseline'], value: number, alpha: number, times: number): AlertEntry['baseline'] {
  let folded = baseline;
  for (let i = 0; i < times; i += 1) folded = fold(folded, value, alpha);
  return folded;
}

function fold(baseline: AlertEntry['baseline'], value: number, alpha: number): NonNullable<AlertEntry['baseline']> {
  if (baseline === null || baseline.count === 0) return { mean: value, variance: 0, count: 1 };
  const diff = value - baseline.mean;
  const increment = alpha * diff;
  return {
    mean: baseline.mean + increment,
    variance: (1 - alpha) * (baseline.variance + diff * increment),
    count: baseline.count + 1,
  };
}

function against(when: Condition, resolve: Condition | null, value: number): { breaching: boolean; resolving: boolean } {
  const breaching = holds(when, value);
  return { breaching, resolving: resolve === null ? !breaching : holds(resolve, value) };
}
