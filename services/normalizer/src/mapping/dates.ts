import { isoDateTimeSchema, type DatePrecision } from '@vigia/schemas';
import { fold } from './fold.ts';
import { describeInput } from './numbers.ts';

/**
 * Dates as reports write them, in Spanish or English, day first as in Peru.
 * Every check is relative to the envelope's `receivedAt`, never to the wall
 * clock, so re-processing a record always gives the same answer.
 */

/** Records begin here: nothing earlier is in scope, and earlier dates are almost always typos. */
export const earliestDate = '1980-01-01';

/** Peru's offset (America/Lima, no daylight saving time since 1994), for times written without one. */
export const peruOffset = '-05:00';

/** How far a `reportedAt` may be after `receivedAt`: the publisher's clock may run a little fast. */
export const reportedAtSkewMs = 60 * 60 * 1000;

/**
 * Default of how far an event's date may lie after the time it was reported
 * (its `reportedAt`, else the envelope's `receivedAt`). A day absorbs time
 * zones and a report written "for tomorrow's operation"; anything further is a
 * typo (2042 for 2024) that would otherwise drag event time — and with it the
 * watermark and every retention horizon — years ahead.
 */
export const defaultFutureToleranceMs = 24 * 60 * 60 * 1000;

/**
 * Why a date was refused: `invalid` (missing, malformed, impossible, before the
 * records begin) or `future` (an event dated after its own report beyond the
 * tolerance, a survey year after the report's year, a `reportedAt` after the
 * receive time) — `DATE_INVALID` and `DATE_IN_FUTURE` in the DLQ.
 */
export type DateProblem = 'invalid' | 'future';

export type DateReading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string; readonly problem: DateProblem };

function refused(message: string, problem: DateProblem = 'invalid'): { ok: false; message: string; problem: DateProblem } {
  return { ok: false, message, problem };
}

export interface OccurredAt {
  readonly occurredAt: string;
  readonly precision: DatePrecision;
}

const monthNames: Readonly<Record<string, number>> = {};
const spellings: readonly (readonly string[])[] = [
  ['enero', 'ene', 'january', 'jan'],
  ['febrero', 'feb', 'february'],
  ['marzo', 'mar', 'march'],
  ['abril', 'abr', 'april', 'apr'],
  ['mayo', 'may'],
  ['junio', 'jun', 'june'],
  ['julio', 'jul', 'july'],
  ['agosto', 'ago', 'august', 'aug'],
  ['septiembre', 'setiembre', 'sep', 'set', 'sept', 'september'],
  ['octubre', 'oct', 'october'],
  ['noviembre', 'nov', 'november'],
  ['diciembre', 'dic', 'december', 'dec'],
];
spellings.forEach((names, index) => {
  for (const name of names) (monthNames as Record<string, number>)[name] = index + 1;
});

const precisionWords: Readonly<Record<string, DatePrecision>> = {
  day: 'day',
  dia: 'day',
  month: 'month',
  mes: 'month',
  year: 'year',
  ano: 'year',
};
const precisionRank: Readonly<Record<DatePrecision, number>> = { day: 0, month: 1, year: 2 };

interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly precision: DatePrecision;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const isoOf = (date: { year: number; month: number; day: number }) => `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function calendar(year: number, month: number, day: number, precision: DatePrecision): CalendarDate | undefined {
  return isRealDate(year, month, day) ? { year, month, day, precision } : undefined;
}

function monthOf(word: string): number | undefined {
  const key = fold(word).replace(/ /g, '');
  return Object.hasOwn(monthNames, key) ? monthNames[key] : undefined;
}

/** Parses the formats of the README; `undefined` when the text is none of them or no real date. */
export function parseCalendarDate(input: unknown): CalendarDate | undefined {
  if (typeof input === 'number') return Number.isInteger(input) && input >= 1000 && input <= 9999 ? calendar(input, 1, 1, 'year') : undefined;
  if (typeof input !== 'string') return undefined;
  const text = input.trim().slice(0, 100);
  let m: RegExpExecArray | null;
  // ISO 8601: 2024, 2024-03, 2024-03-14, 2024-03-14T09:30:00-05:00 (the date as written, in the source's time zone).
  if ((m = /^(\d{4})$/.exec(text))) return calendar(Number(m[1]), 1, 1, 'year');
  if ((m = /^(\d{4})[-/](\d{1,2})$/.exec(text))) return calendar(Number(m[1]), Number(m[2]), 1, 'month');
  if ((m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text))) {
    return calendar(Number(m[1]), Number(m[2]), Number(m[3]), 'day');
  }
  // Day first, as written in Peru: 14/03/2024, 14-03-2024, 14.03.2024; month/year: 03/2024.
  if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text))) return calendar(Number(m[3]), Number(m[2]), Number(m[1]), 'day');
  if ((m = /^(\d{1,2})[/.-](\d{4})$/.exec(text))) return calendar(Number(m[2]), Number(m[1]), 1, 'month');
  // Words: "14 de marzo de 2024", "14 March 2024", "14-mar-2024", "marzo 2024", "March 14, 2024".
  const words = fold(text)
    .replace(/\bde(l)?\b/g, ' ')
    .split(' ')
    .filter((word) => word !== '');
  if (words.length === 3) {
    const [a = '', b = '', c = ''] = words;
    const monthSecond = monthOf(b);
    if (monthSecond !== undefined && /^\d{1,2}$/.test(a) && /^\d{4}$/.test(c)) return calendar(Number(c), monthSecond, Number(a), 'day');
    const monthFirst = monthOf(a);
    if (monthFirst !== undefined && /^\d{1,2}$/.test(b) && /^\d{4}$/.test(c)) return calendar(Number(c), monthFirst, Number(b), 'day');
  }
  if (words.length === 2) {
    const [a = '', b = ''] = words;
    const month = monthOf(a);
    if (month !== undefined && /^\d{4}$/.test(b)) return calendar(Number(b), month, 1, 'month');
  }
  return undefined;
}

/** Reads `precision` when the report gives one: day, month or year (día, mes, año). */
export function readPrecision(input: unknown): DatePrecision | undefined | 'invalid' {
  if (input === undefined || input === null || input === '') return undefined;
  if (typeof input !== 'string') return 'invalid';
  const key = fold(input);
  return Object.hasOwn(precisionWords, key) ? precisionWords[key] : 'invalid';
}

/** The UTC calendar date of an instant: the latest date it can be anywhere in Peru. */
function utcDateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * What an event's date is judged against: the instant the record says it was
 * reported (`reportedAt`, else the envelope's `receivedAt`) and how far after
 * it an event may still be dated.
 */
export interface DateBound {
  readonly reportedAt: string;
  readonly futureToleranceMs: number;
}

/** The date as written, truncated to its precision, and within the records' range; no check against any clock. */
function readDate(input: unknown, precisionInput: DatePrecision | undefined): DateReading<OccurredAt> {
  if (input === undefined || input === null || input === '') return refused('the date of the event is missing');
  const parsed = parseCalendarDate(input);
  if (parsed === undefined) {
    return refused(`${describeInput(input)} is not a date (write YYYY-MM-DD, DD/MM/YYYY, "14 de marzo de 2024", YYYY-MM or YYYY)`);
  }
  const precision = precisionInput ?? parsed.precision;
  if (precisionRank[precision] < precisionRank[parsed.precision]) {
    return refused(`${describeInput(input)} names a ${parsed.precision}, not a ${precision}`);
  }
  const occurredAt = isoOf({
    year: parsed.year,
    month: precision === 'year' ? 1 : parsed.month,
    day: precision === 'day' ? parsed.day : 1,
  });
  if (occurredAt < earliestDate) return refused(`${occurredAt} is before ${earliestDate}, when the records begin`);
  return { ok: true, value: { occurredAt, precision } };
}

/**
 * `occurredAt` and its precision. A stated precision coarser than the date
 * truncates it ("2024-03-14" + month → 2024-03-01); a finer one is refused,
 * because the report does not say the day. A date after the UTC date of
 * `reportedAt` + the tolerance is `future`.
 */
export function readOccurredAt(input: unknown, precisionInput: DatePrecision | undefined, bound: DateBound): DateReading<OccurredAt> {
  const reading = readDate(input, precisionInput);
  if (!reading.ok) return reading;
  const latest = utcDateOf(Date.parse(bound.reportedAt) + bound.futureToleranceMs);
  if (reading.value.occurredAt > latest) {
    return refused(
      `${reading.value.occurredAt} is in the future: the report is dated ${bound.reportedAt}, and an event may be dated ` +
        `at most ${toleranceText(bound.futureToleranceMs)} after its report (until ${latest})`,
      'future',
    );
  }
  return reading;
}

/**
 * The year a survey covers, read as a date with year precision. A survey cannot
 * cover a year after the one it was reported in (a 2024 survey published in
 * 2025 is the rule; a 2026 one reported in 2025 is a typo); the year of
 * `reportedAt` is taken as written, in the publisher's offset.
 */
export function readSurveyYear(input: unknown, reportedAt: string): DateReading<OccurredAt> {
  const reading = readDate(input, 'year');
  if (!reading.ok) return reading;
  const year = reading.value.occurredAt.slice(0, 4);
  if (year > reportedAt.slice(0, 4)) {
    return refused(`the survey year ${year} is after the year it was reported in (${reportedAt})`, 'future');
  }
  return reading;
}

function toleranceText(ms: number): string {
  const hours = ms / 3_600_000;
  return hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hours`;
}

/**
 * `reportedAt` as RFC 3339 with an offset; a time without an offset is Peru's,
 * a bare date is its midnight in Peru. Absent, it is the envelope's `receivedAt`.
 * After `receivedAt` (beyond the clock-skew allowance) it is `future`.
 */
export function readReportedAt(input: unknown, receivedAt: string): DateReading<string> {
  if (input === undefined || input === null || input === '') return { ok: true, value: receivedAt };
  const instant = instantOf(input);
  if (instant === undefined) {
    return refused(`${describeInput(input)} is not a date-time (write RFC 3339, e.g. 2024-03-15T09:30:00-05:00)`);
  }
  const ms = Date.parse(instant);
  if (ms > Date.parse(receivedAt) + reportedAtSkewMs) {
    return refused(`${instant} is in the future: the report was received at ${receivedAt}`, 'future');
  }
  if (instant.slice(0, 10) < earliestDate) return refused(`${instant} is before ${earliestDate}, when the records begin`);
  return { ok: true, value: instant };
}

function instantOf(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (isoDateTimeSchema.safeParse(text).success && !Number.isNaN(Date.parse(text))) return text;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:\d{2})?$/i.exec(text);
  if (m === null || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', offset = peruOffset] = m;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  const instant = `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${offset.toUpperCase()}`;
  return isoDateTimeSchema.safeParse(instant).success && !Number.isNaN(Date.parse(instant)) ? instant : undefined;
}
