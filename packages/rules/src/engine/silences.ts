import type { LabelMatcher } from '@vigia/schemas';
import type { Silence } from './state.ts';

/**
 * Alertmanager's matcher semantics: a missing label has the value `""`, and
 * regular expressions are anchored at both ends (`=~ "zone:.*"` matches the
 * whole value). A silence matches when all of its matchers do.
 */
export function matches(matcher: LabelMatcher, labels: Readonly<Record<string, string>>): boolean {
  const value = Object.hasOwn(labels, matcher.label) ? (labels[matcher.label] ?? '') : '';
  switch (matcher.operator) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return regexMatches(matcher.value, value);
    case '!~':
      return !regexMatches(matcher.value, value);
  }
}

/** True when the silence is in force at `clockMs` and all its matchers match. */
export function silenceMatches(silence: Silence, labels: Readonly<Record<string, string>>, clockMs: number): boolean {
  return clockMs < Date.parse(silence.until) && silence.matchers.every((matcher) => matches(matcher, labels));
}

/** True when any silence in force matches the labels. */
export function isSilenced(silences: Readonly<Record<string, Silence>>, labels: Readonly<Record<string, string>>, clockMs: number): boolean {
  return Object.values(silences).some((silence) => silenceMatches(silence, labels, clockMs));
}

function regexMatches(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    // The action schema refuses patterns that do not compile; one that slips through silences nothing.
    return false;
  }
}
