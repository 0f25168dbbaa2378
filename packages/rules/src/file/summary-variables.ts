import type { RuleKind } from '../rule.ts';

/** Placeholders every rule's summary may use. */
const common = ['rule', 'region', 'region_code', 'level', 'severity'] as const;
// `source` and `year` are set for survey (annual) figures and empty otherwise.
const indicator = ['metric', 'window', 'as_of', 'value', 'previous', 'threshold', 'source', 'year'] as const;

/**
 * The placeholders a summary template may use, per rule kind. The README's
 * table is this object in prose; a test keeps them in step.
 */
export const summaryVariables: Readonly<Record<RuleKind, readonly string[]>> = {
  threshold: [...common, ...indicator],
  growth: [...common, ...indicator, 'change', 'change_percent', 'change_absolute'],
  anomaly: [...common, ...indicator, 'z_score', 'baseline'],
  'first-appearance': [...common, ...indicator],
  absence: [...common, 'days_silent', 'last_report', 'silent_days', 'event_id'],
  'single-event': [...common, 'event_id', 'measure', 'value', 'threshold', 'occurred_at', 'event_type', 'place', 'source'],
};
