import { describe, expect, it } from 'vitest';
import { escapeHelp, escapeLabelValue, formatLabels, formatSampleValue, labelNamePattern, metricNamePattern } from './metrics-exposition.ts';

describe('exposition format 0.0.4', () => {
  it('escapes backslash and line feed in HELP, and also double quotes in label values', () => {
    expect(escapeHelp('a\\b\nc "d"')).toBe('a\\\\b\\nc "d"');
    expect(escapeLabelValue('C:\\dir\n"quoted"')).toBe('C:\\\\dir\\n\\"quoted\\"');
  });

  it('spells out infinities and NaN', () => {
    expect([Infinity, -Infinity, Number.NaN, 0, 1.5, 1e21].map(formatSampleValue)).toEqual(['+Inf', '-Inf', 'NaN', '0', '1.5', '1e+21']);
  });

  it('writes label sets in the given order, and nothing for no labels', () => {
    expect(formatLabels(['topic', 'reason'], ['vigia.events.v1', 'bad "unit"'])).toBe('{topic="vigia.events.v1",reason="bad \\"unit\\""}');
    expect(formatLabels([], [])).toBe('');
  });

  it('knows valid metric and label names', () => {
    expect(['vigia_events_total', 'ns:rate_5m', '_x'].every((n) => metricNamePattern.test(n))).toBe(true);
    expect(['1x', 'a-b', 'é'].some((n) => metricNamePattern.test(n))).toBe(false);
    expect(labelNamePattern.test('topic')).toBe(true);
    expect(['__name', 'a:b', '9'].some((n) => labelNamePattern.test(n))).toBe(false);
  });
});
