import { stringify } from 'yaml';
import type { ExpectedAlert } from './compile-rule-tests.ts';
import type { AlertDiffLine, FieldDifference, RaisedAlert } from './compare-alerts.ts';
import type { RuleTestResult } from './run-rule-tests.ts';

/** Labels that tell one alert of a rule and region from another (each survey year, each event): worth printing. */
const identityLabels = ['source', 'year', 'event_id'] as const;

/**
 * The report of a test file, for people: one line per test, and for a
 * failed one its diff — `-` an expected alert that was not raised, `+` a
 * raised alert that was not expected (written as an `expected_alerts` entry,
 * ready to paste once checked), `~` an expected alert raised with other
 * fields, one line per field. Ends with the totals.
 */
export function formatRuleTestResults(fileName: string, results: readonly RuleTestResult[]): string {
  const lines = [fileName];
  for (const { test, alerts, diff } of results) {
    if (diff.length === 0) {
      lines.push(`  ok    ${test.name} (${count(alerts.length, 'alert')})`);
      continue;
    }
    lines.push(`  FAIL  ${test.name} (${test.path}: ${count(test.expected.length, 'alert')} expected, ${alerts.length} raised)`);
    for (const line of diff) lines.push(...diffLines(line).map((text) => `          ${text}`));
  }
  const failed = results.filter((result) => result.diff.length > 0).length;
  lines.push(`${count(results.length, 'test')}: ${results.length - failed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}

function diffLines(line: AlertDiffLine): string[] {
  switch (line.kind) {
    case 'missing':
      return [`- missing     ${flow(line.expected)}`];
    case 'unexpected':
      return [`+ unexpected  ${flow(asExpected(line.actual))}`];
    case 'different': {
      const width = Math.max(...line.fields.map((field) => field.field.length)) + 1;
      return [`~ different   ${flow(line.expected)}`, ...line.fields.flatMap((field) => fieldLines(field, width))];
    }
  }
}

function fieldLines(field: FieldDifference, width: number): string[] {
  const name = `${field.field}:`.padEnd(width);
  const expected = quote(field.expected);
  const actual = field.actual === undefined ? '(none)' : quote(field.actual);
  if (expected.length + actual.length <= 60) return [`    ${name} expected ${expected}, got ${actual}`];
  return [`    ${name} expected ${expected}`, `    ${' '.repeat(width)} got      ${actual}`];
}

/** A raised alert as the `expected_alerts` entry that would match it. */
function asExpected(alert: RaisedAlert): ExpectedAlert {
  const labels = Object.fromEntries(identityLabels.flatMap((name) => (alert.labels[name] === undefined ? [] : [[name, alert.labels[name]]])));
  return {
    rule: alert.rule,
    region: alert.region,
    state: alert.state,
    ...(alert.day === undefined ? {} : { day: alert.day }),
    ...(Object.keys(labels).length === 0 ? {} : { labels }),
    summary: alert.summary,
  };
}

function flow(alert: ExpectedAlert): string {
  return stringify(alert, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
