import { substanceUnits, type CanonicalUnit, type OriginalQuantity, type Quantity, type Substance } from '@vigia/schemas';
import { describeInput, numberProblemMessage, readNumber } from './numbers.ts';
import { ambiguousUnits, unitKey, unitOf, UnitDimension, type UnitDefinition } from './unit-table.ts';

/**
 * Largest quantity one seized item can plausibly have, in its canonical unit.
 * They are guard rails against unit mix-ups (grams typed as kilograms, a
 * currency amount in cents), set one to two orders of magnitude above the
 * largest seizures on record in Peru and its neighbours, so a real record is
 * never refused.
 */
export const plausibleMaximum: Readonly<Record<Substance, number>> = {
  'cocaine-hydrochloride': 50_000,
  'cocaine-base-paste': 50_000,
  'coca-leaf': 1_000_000,
  marijuana: 500_000,
  'opium-latex': 10_000,
  'precursor-chemical': 5_000_000,
  gold: 20_000,
  mercury: 100_000,
  timber: 1_000_000,
  cash: 0, // per currency, below
};

const plausibleCash: Readonly<Record<string, number>> = {
  PEN: 10_000_000_000,
  USD: 5_000_000_000,
  EUR: 5_000_000_000,
  COP: 20_000_000_000_000,
  BRL: 20_000_000_000,
  BOB: 30_000_000_000,
};

export type QuantityReading =
  | { readonly ok: true; readonly quantity: Quantity; readonly original: OriginalQuantity }
  | { readonly ok: false; readonly reason: 'UNIT_UNKNOWN' | 'QUANTITY_INVALID'; readonly message: string };

/** The canonical unit of a dimension for a substance (`substanceUnits` of `@vigia/schemas`). */
function targetUnit(substance: Substance, definition: UnitDefinition): CanonicalUnit | undefined {
  const allowed = substanceUnits[substance];
  switch (definition.dimension) {
    case UnitDimension.mass:
      return allowed.includes('kg') ? 'kg' : undefined;
    case UnitDimension.volume:
      if (allowed.includes('L')) return 'L';
      return allowed.includes('m3') ? 'm3' : undefined;
    case UnitDimension.currency:
      return definition.currency !== undefined && allowed.includes(definition.currency) ? definition.currency : undefined;
  }
}

/** Cuts binary noise (30.04 × 11.5 = 345.46000000000004) without losing any digit a report can carry. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * Converts a reported quantity of a substance to its canonical unit, keeping
 * the value and unit as reported. Never throws.
 */
export function convertQuantity(substance: Substance, value: unknown, unitText: string): QuantityReading {
  const number = readNumber(value);
  if (!number.ok) return { ok: false, reason: 'QUANTITY_INVALID', message: numberProblemMessage(value, number.problem) };
  const unit = unitText.trim();
  const key = unitKey(unit);
  if (key === '') return { ok: false, reason: 'UNIT_UNKNOWN', message: 'the quantity has no unit' };
  if (Object.hasOwn(ambiguousUnits, key)) {
    return { ok: false, reason: 'UNIT_UNKNOWN', message: `unit ${describeInput(unit)} is ambiguous: write ${ambiguousUnits[key]}` };
  }
  const definition = unitOf(unit);
  if (definition === undefined) {
    return { ok: false, reason: 'UNIT_UNKNOWN', message: `unit ${describeInput(unit)} is not a known unit (see the normalizer's unit table)` };
  }
  const target = targetUnit(substance, definition);
  if (target === undefined) {
    return {
      ok: false,
      reason: 'UNIT_UNKNOWN',
      message: `${describeInput(unit)} (${definition.dimension}) cannot be converted to a unit of ${substance} (${substanceUnits[substance].join(', ')})`,
    };
  }
  const reported = number.value;
  if (reported < 0) return { ok: false, reason: 'QUANTITY_INVALID', message: `the quantity ${reported} is negative` };
  const converted = tidy(target === 'm3' ? (reported * definition.toBase) / 1000 : reported * definition.toBase);
  const maximum = substance === 'cash' ? (plausibleCash[target] ?? Number.POSITIVE_INFINITY) : plausibleMaximum[substance];
  if (converted > maximum) {
    return {
      ok: false,
      reason: 'QUANTITY_INVALID',
      message: `${reported} ${unit} = ${converted} ${target} of ${substance} is implausible (more than ${maximum} ${target}); check the unit`,
    };
  }
  return {
    ok: true,
    quantity: { value: converted, unit: target },
    original: { value: reported, unit: unit.slice(0, 50) },
  };
}

/** Longest quantity text looked at; a real one ("1.234,5 kilogramos de PBC") is far shorter. */
export const maxQuantityTextLength = 200;

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isSign = (code: number) => code === 0x2b || code === 0x2d;
const isSeparator = (code: number) => code === 0x2e || code === 0x2c;
// `\s` of a JavaScript pattern, tested one character at a time: a single-character test cannot backtrack.
const isSpace = (char: string) => /^\s$/u.test(char);

/** Where a number can begin at `i`: a digit, or a sign or separator directly before one. */
function numberStartsAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (isDigit(code)) return true;
  if (isSeparator(code)) return isDigit(text.charCodeAt(i + 1));
  if (!isSign(code)) return false;
  const next = text.charCodeAt(i + 1);
  return isDigit(next) || (isSeparator(next) && isDigit(text.charCodeAt(i + 2)));
}

/**
 * Splits "30 arrobas", "S/ 12 000", "US$12,000.50" or "1.5TM" into the number
 * and the unit. `undefined` when the text is not one number with one unit.
 *
 * One pass, no pattern: the regular expression this replaces had three
 * quantifiers that could all match the same spaces, so a text of spaces cost
 * cubic time (a 23.5 KB record took 450 ms). It reads: a unit before the number
 * made of anything but digits, signs and commas; the number (sign, digits and
 * the `.`, `,` and spaces that group them); the unit after it — one of the two
 * units and not both.
 */
export function splitQuantityText(text: string): { readonly value: string; readonly unit: string } | undefined {
  const head = text.slice(0, maxQuantityTextLength);
  let start = 0;
  while (start < head.length && !numberStartsAt(head, start)) {
    const code = head.charCodeAt(start);
    // A digit, sign or comma that does not begin a number cannot be part of the unit before it either.
    if (isDigit(code) || isSign(code) || code === 0x2c) return undefined;
    start += 1;
  }
  if (start >= head.length) return undefined;
  let end = start + 1;
  while (end < head.length) {
    const char = head[end]!;
    const code = char.charCodeAt(0);
    if (!(isDigit(code) || isSeparator(code) || isSpace(char))) break;
    end += 1;
  }
  const unitBefore = head.slice(0, start).trim();
  const unitAfter = head.slice(end).trim();
  if ((unitBefore === '') === (unitAfter === '')) return undefined;
  return { value: head.slice(start, end).trim(), unit: unitBefore === '' ? unitAfter : unitBefore };
}
