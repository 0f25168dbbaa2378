import { IndicatorsError } from '../indicators-errors.ts';

/**
 * Calendar days as integers (days since 1970-01-01, UTC calendar), so window
 * arithmetic is plain subtraction. The conversions are Howard Hinnant's
 * `days_from_civil` / `civil_from_days` algorithms
 * (https://howardhinnant.github.io/date_algorithms.html): exact for every
 * proleptic Gregorian date, and free of `Date`, so nothing here can read a clock.
 */
export type DayNumber = number;

const isoDayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days parsed so far: every contribution names its day, and a stream names the same few thousand. Emptied when full. */
const parsedDays = new Map<string, DayNumber>();
const maxParsedDays = 100_000;

/** `2020-03-01` → 18322. Throws `VIGIA_INDICATORS_DAY_INVALID` for anything but a real `YYYY-MM-DD` date. */
export function dayNumberOf(isoDay: string): DayNumber {
  const parsed = parsedDays.get(isoDay);
  if (parsed !== undefined) return parsed;
  const dayNumber = parseDay(isoDay);
  if (parsedDays.size >= maxParsedDays) parsedDays.clear();
  parsedDays.set(isoDay, dayNumber);
  return dayNumber;
}

function parseDay(isoDay: string): DayNumber {
  const match = isoDayPattern.exec(isoDay);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (match === null || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new IndicatorsError('VIGIA_INDICATORS_DAY_INVALID', 'not a calendar date in YYYY-MM-DD form', {
      context: { day: isoDay },
    });
  }
  return daysFromCivil(year, month, day);
}

/**
 * The last days converted, by day number modulo their count: every bucket
 * and series record names a day, and a batch names the same few hundred
 * again and again.
 */
const recentDays = 4096;
const recentDayNumbers = new Float64Array(recentDays).fill(Number.NaN);
const recentIsoDays: string[] = new Array<string>(recentDays).fill('');

/** 18322 → `2020-03-01`. */
export function isoDayOf(dayNumber: DayNumber): string {
  const slot = dayNumber & (recentDays - 1);
  if (recentDayNumbers[slot] === dayNumber) return recentIsoDays[slot]!;
  const { year, month, day } = civilFromDays(dayNumber);
  const isoDay = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  recentDayNumbers[slot] = dayNumber;
  recentIsoDays[slot] = isoDay;
  return isoDay;
}

/** Calendar year of a day number. */
export function yearOf(dayNumber: DayNumber): number {
  return civilFromDays(dayNumber).year;
}

/** Day number of 1 January of `year`. */
export function firstDayOfYear(year: number): DayNumber {
  return daysFromCivil(year, 1, 1);
}

/** Day number of 31 December of `year`. */
export function lastDayOfYear(year: number): DayNumber {
  return daysFromCivil(year, 12, 31);
}

function daysFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(dayNumber: DayNumber): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
