import { dayMs } from '../core/duration.ts';
import { dayStartMs } from '../core/time.ts';
import type { AbsenceRule } from '../rule.ts';
import type { Observation } from './lifecycle.ts';
import type { AlertEntry } from './state.ts';

/**
 * Absence rules watch report activity per region. A region only counts as
 * "normally reporting" once its `normally.reports` most recent distinct report
 * days fit within `normally.within`; from then on, `silentFor` without a
 * report breaches. Report days are event time (`occurredAt`, a
 * contribution's `day`), the axis every other timer uses. Only the most
 * recent `normally.reports` days are kept, so the state per region is bounded.
 */
export function recordReport(entry: AlertEntry, rule: AbsenceRule, day: string, eventId: string): AlertEntry {
  const reports = entry.reports ?? { days: [], lastEventId: null };
  const latest = reports.days.at(-1);
  const days = reports.days.includes(day) ? reports.days : [...reports.days, day].sort().slice(-rule.normally.reports);
  const lastEventId = latest === undefined || day >= latest ? eventId : reports.lastEventId;
  return { ...entry, reports: { days, lastEventId } };
}

/** The absence observation of a region at stream time `clockMs`. */
export function observeAbsence(entry: AlertEntry, rule: AbsenceRule, clockMs: number): Observation | undefined {
  const days = entry.reports?.days ?? [];
  const first = days[0];
  const last = days.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const lastMs = dayStartMs(last);
  const normal = days.length >= rule.normally.reports && lastMs - dayStartMs(first) <= rule.normally.withinMs;
  const silentMs = clockMs - lastMs;
  const breaching = normal && silentMs >= rule.silentForMs;
  return {
    // A report ends the silence on the day it is about; a breach starts when the silence became long enough.
    atMs: breaching ? clockMs : lastMs,
    breachStartMs: lastMs + rule.silentForMs,
    breaching,
    resolving: !breaching,
    values: {
      days_silent: Math.max(0, Math.floor(silentMs / dayMs)),
      last_report: last,
      silent_days: Math.round(rule.silentForMs / dayMs),
      event_id: entry.reports?.lastEventId ?? null,
    },
    eventIds: entry.reports?.lastEventId ? [entry.reports.lastEventId] : [],
  };
}
