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

/**
 * Splits "30 arrobas", "S/ 12 000", "US$12,000.50" or "1.5TM" into the number
 * and the unit. `undefined` when the text is not one number with one unit.
 */
export function splitQuantityText(text: string): { readonly value: string; readonly unit: string } | undefined {
  const match = /^\s*(?<before>[^\d+\-,]*?)\s*(?<number>[+-]?(?:\d[\d.,\s]*|[.,]\d[\d.,\s]*))(?<after>.*)$/su.exec(
    text.slice(0, 200),
  );
  if (match?.groups === undefined) return undefined;
  const { before = '', number = '', after = '' } = match.groups;
  const unitBefore = before.trim();
  const unitAfter = after.trim();
  if ((unitBefore === '') === (unitAfter === '')) return undefined;
  return { value: number.trim(), unit: unitBefore === '' ? unitAfter : unitBefore };
}
