/**
 * Days and minutes of the scenario's own timeline. A day is a whole number of
 * days since 1970-01-01; times are minutes since then in Peru's local time
 * (UTC−05:00, no daylight saving since 1994), so no clock and no time zone
 * database is ever consulted and every run formats the same text.
 */

export const minutesPerDay = 1440;
const msPerDay = 86_400_000;

const monthsEs = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'] as const;

/** `2024-03-14` → day number; undefined for anything that is not a real calendar date. */
export function dayOfIsoDate(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return undefined;
  return ms / msPerDay;
}

export function isoDateOfDay(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** 1–12. */
export function monthOfDay(day: number): number {
  return new Date(day * msPerDay).getUTCMonth() + 1;
}

export function yearOfDay(day: number): number {
  return new Date(day * msPerDay).getUTCFullYear();
}

/** RFC 3339 with Peru's offset, e.g. `2024-03-15T09:30:00-05:00`. */
export function peruDateTime(localMinute: number): string {
  return `${new Date(localMinute * 60_000).toISOString().slice(0, 16)}:00-05:00`;
}

/** The date in the spellings Peruvian reports use: ISO, day first, Spanish words, or only the month. */
export const DateStyle = {
  iso: 'iso',
  dayFirst: 'day-first',
  spanish: 'spanish',
  month: 'month',
} as const;
export type DateStyle = (typeof DateStyle)[keyof typeof DateStyle];

export function formatOccurredAt(day: number, style: DateStyle): string {
  const iso = isoDateOfDay(day);
  const [year, month, date] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  const monthName = monthsEs[Number(month) - 1] ?? 'enero';
  switch (style) {
    case DateStyle.iso:
      return iso;
    case DateStyle.dayFirst:
      return `${date}/${month}/${year}`;
    case DateStyle.spanish:
      return `${Number(date)} de ${monthName} de ${year}`;
    case DateStyle.month:
      return `${monthName} ${year}`;
  }
}

/**
 * Relative weight of each month (January first) for incidents and seizures:
 * operations (eradication, interdiction on rivers and roads) peak in the dry
 * season, May to October, and slow down in the rains, December to March.
 * An illustrative profile, not a fitted one.
 */
export const monthlyActivityWeights = [80, 75, 80, 95, 105, 115, 120, 120, 115, 110, 95, 90] as const;

export function activityWeightOfDay(day: number): number {
  return monthlyActivityWeights[monthOfDay(day) - 1] ?? 100;
}
