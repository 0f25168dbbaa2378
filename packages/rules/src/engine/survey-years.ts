import type { IndicatorRule } from '../rule.ts';
import type { TargetRegion } from './engine-types.ts';
import { resolve } from './lifecycle.ts';
import type { AlertEntry } from './state.ts';
import type { WorkingState } from './working-state.ts';

/**
 * Each surveyed year is its own finding: a year above the rule's threshold
 * pages even while an earlier year's alert is open. A later year of the same
 * rule, region and source settles every earlier year still open — resolved,
 * with the reason in words: either the later year is within the threshold,
 * or it is a finding of its own. Whatever order the years arrive in, every
 * year above the threshold pages once and only the latest year can stay
 * open, so what fires is a function of the survey table alone.
 */
export function settleSurveyYears(work: WorkingState, rule: IndicatorRule, region: TargetRegion, survey: { source: string; year: number }): void {
  const years = surveyYearEntries(work, rule.id, region.code, survey.source);
  const latest = years.filter((entry) => entry.lastObservation !== null).at(-1);
  if (latest === undefined) return;
  const latestYear = Number(latest.labels.year);
  for (const entry of years) {
    if (Number(entry.labels.year) >= latestYear || entry.status === 'inactive') continue;
    work.apply(resolve(entry, rule, work.context(), work.clockMs, reasonFor(rule, latest, latestYear)));
  }
}

/** The entries of one rule, region and source that are about a survey year, oldest year first. */
function surveyYearEntries(work: WorkingState, ruleId: string, regionCode: string, source: string): AlertEntry[] {
  return Object.values(work.alerts)
    .filter((entry) => entry.ruleId === ruleId && entry.labels.region === regionCode && entry.labels.source === source && entry.labels.year !== undefined)
    .sort((a, b) => Number(a.labels.year) - Number(b.labels.year));
}

function reasonFor(rule: IndicatorRule, latest: AlertEntry, latestYear: number): string {
  if (latest.status !== 'inactive') return `superseded by ${latestYear}, an alert of its own: ${latest.summary ?? rule.id}`;
  return `${latestYear} is within the threshold of ${rule.id}`;
}
