/**
 * Summary templates: `{{name}}` placeholders filled with the values that made
 * the alert change. Names are checked when the rule file loads, so a typo is
 * a load error with its line, not a literal `{{typo}}` on the watch floor.
 */

const placeholderPattern = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;
const anyBracesPattern = /\{\{|\}\}/;

/** Maximum summary length of an alert (the schema's bound). */
export const maxSummaryLength = 1000;

export type TemplateValues = Readonly<Record<string, string | number | null | undefined>>;

/** Placeholder names used by a template, in order of appearance (duplicates kept once). */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(placeholderPattern)].map((match) => match[1] ?? ''))];
}

/** Braces that are not a well-formed `{{name}}` (e.g. `{{ region name }}`, a lone `}}`). */
export function hasMalformedPlaceholder(template: string): boolean {
  return anyBracesPattern.test(template.replace(placeholderPattern, ''));
}

/**
 * Fills the placeholders. Numbers are formatted for people (`88,200`, `22.5`);
 * a missing value renders as `n/a` rather than failing, because a summary must
 * never stop an alert from being published. The result is capped at
 * {@link maxSummaryLength} characters.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  const text = template.replace(placeholderPattern, (_match, name: string) => {
    const value = values[name];
    if (value === null || value === undefined) return 'n/a';
    return typeof value === 'number' ? formatNumber(value) : value;
  });
  const trimmed = text.trim();
  const nonEmpty = trimmed === '' ? 'alert' : trimmed;
  return nonEmpty.length <= maxSummaryLength ? nonEmpty : `${nonEmpty.slice(0, maxSummaryLength - 1)}…`;
}

/**
 * `88200` → `88,200`; `22.4999` → `22.5`; `-3` → `-3`. At most one decimal,
 * thousands grouped with commas. Written out rather than `toLocaleString` so
 * the text does not depend on the ICU data the Node binary was built with.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(value * 10) / 10;
  const sign = rounded < 0 ? '-' : '';
  const [integer = '0', fraction] = Math.abs(rounded).toFixed(1).split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined || fraction === '0' ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}
