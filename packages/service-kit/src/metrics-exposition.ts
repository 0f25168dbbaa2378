/**
 * Prometheus text exposition format 0.0.4: the escaping and number rules.
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

export const prometheusContentType = 'text/plain; version=0.0.4; charset=utf-8';

export const metricNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Label names starting with `__` are reserved for Prometheus itself. */
export const labelNamePattern = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/;

/** HELP text escapes only backslash and line feed. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Sample values are Go floats: `+Inf`, `-Inf` and `NaN` are spelled out. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** `{a="1",b="x"}`, or the empty string when there are no labels. */
export function formatLabels(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return '';
  const pairs = names.map((name, i) => `${name}="${escapeLabelValue(values[i] ?? '')}"`);
  return `{${pairs.join(',')}}`;
}

/** The `# HELP` and `# TYPE` lines that open a metric family. */
export function familyHeader(name: string, help: string, type: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}

/** One sample line. */
export function sampleLine(name: string, labelNames: readonly string[], labelValues: readonly string[], value: number): string {
  return `${name}${formatLabels(labelNames, labelValues)} ${formatSampleValue(value)}\n`;
}
