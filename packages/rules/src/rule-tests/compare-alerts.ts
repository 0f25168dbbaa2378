import type { ExpectedAlert } from './compile-rule-tests.ts';

/** An alert transition a test raised, in the terms of the test file. */
export interface RaisedAlert {
  readonly rule: string;
  /** Region code. */
  readonly region: string;
  readonly state: 'firing' | 'resolved';
  /**
   * The stream day of the transition (the alert's `updatedAt`); absent before
   * any daily input (surveys move no daily time, so a test of survey series
   * alone has no days).
   */
  readonly day?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly summary: string;
}

/** One field an expected alert got wrong: `state`, `day`, `summary`, `labels.<name>`. */
export interface FieldDifference {
  readonly field: string;
  readonly expected: string;
  /** `undefined`: the alert has no such label, or no day. */
  readonly actual: string | undefined;
}

/** How the raised alerts differ from the expected ones; a passing test has none. */
export type AlertDiffLine =
  | { readonly kind: 'missing'; readonly expected: ExpectedAlert }
  | { readonly kind: 'unexpected'; readonly actual: RaisedAlert }
  | { readonly kind: 'different'; readonly expected: ExpectedAlert; readonly actual: RaisedAlert; readonly fields: readonly FieldDifference[] };

/**
 * Matches expected alerts with raised ones. An expected alert matches a
 * raised one when every field it names is equal (labels: the ones it names).
 * What is left is paired by rule and region — same state first — and
 * reported field by field; the rest is missing or unexpected. Every
 * transition counts: an alert that fires and resolves is two expected alerts.
 */
export function compareAlerts(expected: readonly ExpectedAlert[], actual: readonly RaisedAlert[]): AlertDiffLine[] {
  const unmatched = new Set(actual.keys());
  const take = (accept: (alert: RaisedAlert) => boolean): RaisedAlert | undefined => {
    for (const index of unmatched) {
      const alert = actual[index]!;
      if (!accept(alert)) continue;
      unmatched.delete(index);
      return alert;
    }
    return undefined;
  };
  const left = expected.filter((alert) => take((raised) => differences(alert, raised).length === 0) === undefined);
  const diff: AlertDiffLine[] = [];
  for (const alert of left) {
    const sameAlert = (raised: RaisedAlert) => raised.rule === alert.rule && raised.region === alert.region;
    const paired = take((raised) => sameAlert(raised) && raised.state === alert.state) ?? take(sameAlert);
    diff.push(
      paired === undefined ? { kind: 'missing', expected: alert } : { kind: 'different', expected: alert, actual: paired, fields: differences(alert, paired) },
    );
  }
  for (const index of unmatched) diff.push({ kind: 'unexpected', actual: actual[index]! });
  return diff;
}

function differences(expected: ExpectedAlert, actual: RaisedAlert): FieldDifference[] {
  const fields: FieldDifference[] = [];
  const check = (field: string, want: string | undefined, got: string | undefined) => {
    if (want !== undefined && want !== got) fields.push({ field, expected: want, actual: got });
  };
  check('rule', expected.rule, actual.rule);
  check('region', expected.region, actual.region);
  check('state', expected.state, actual.state);
  check('day', expected.day, actual.day);
  for (const [name, value] of Object.entries(expected.labels ?? {})) check(`labels.${name}`, value, actual.labels[name]);
  check('summary', expected.summary, actual.summary);
  return fields;
}
