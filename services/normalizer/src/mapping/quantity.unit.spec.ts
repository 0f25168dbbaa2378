import fc from 'fast-check';
import { substances, substanceUnits } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { convertQuantity, splitQuantityText } from './quantity.ts';
import { unitDefinitions, unitOf } from './unit-table.ts';

describe('unit conversion', () => {
  it.each([
    ['cocaine-hydrochloride', 1.2, 'TM', 1200, 'kg'],
    ['cocaine-hydrochloride', 3, 'toneladas', 3000, 'kg'],
    ['cocaine-base-paste', 2, 'arrobas', 23, 'kg'],
    ['cocaine-base-paste', 10, '@', 115, 'kg'],
    ['marijuana', 500, 'gramos', 0.5, 'kg'],
    ['marijuana', 100, 'lbs', 45.359237, 'kg'],
    ['gold', 250, 'mg', 0.00025, 'kg'],
    ['precursor-chemical', 1, 'galón', 3.785411784, 'L'],
    ['precursor-chemical', 1500, 'ml', 1.5, 'L'],
    ['precursor-chemical', 2, 'm³', 2000, 'L'],
    ['precursor-chemical', 40, 'Kg.', 40, 'kg'],
    ['timber', 1, 'pie tablar', 0.00235974, 'm3'],
    ['timber', 500, 'litros', 0.5, 'm3'],
    ['timber', 12, 'm3', 12, 'm3'],
    ['cash', 5000, 'S/', 5000, 'PEN'],
    ['cash', 5000, 'soles', 5000, 'PEN'],
    ['cash', 100, 'US$', 100, 'USD'],
    ['cash', 20, '€', 20, 'EUR'],
    ['cash', 1000000, 'pesos colombianos', 1000000, 'COP'],
    ['cash', 300, 'R$', 300, 'BRL'],
    ['cash', 700, 'Bs.', 700, 'BOB'],
  ] as const)('%s: %d %s → %d %s', (substance, value, unit, expected, target) => {
    expect(convertQuantity(substance, value, unit)).toEqual({
      ok: true,
      quantity: { value: expected, unit: target },
      original: { value, unit },
    });
  });

  it.each([
    ['cocaine-hydrochloride', 3, 'bolsas', 'UNIT_UNKNOWN'],
    ['cocaine-hydrochloride', 3, '', 'UNIT_UNKNOWN'],
    ['cocaine-hydrochloride', 3, 'litros', 'UNIT_UNKNOWN'],
    ['timber', 3, 'kg', 'UNIT_UNKNOWN'],
    ['cash', 3, '$', 'UNIT_UNKNOWN'],
    ['cash', 3, 'kg', 'UNIT_UNKNOWN'],
    ['gold', 3, 'USD', 'UNIT_UNKNOWN'],
    ['gold', -3, 'kg', 'QUANTITY_INVALID'],
    ['gold', Number.NaN, 'kg', 'QUANTITY_INVALID'],
    ['gold', 'tres', 'kg', 'QUANTITY_INVALID'],
    ['cocaine-hydrochloride', 60, 't', 'QUANTITY_INVALID'],
    ['cash', 6e9, 'USD', 'QUANTITY_INVALID'],
  ] as const)('%s: %s %j is %s', (substance, value, unit, reason) => {
    expect(convertQuantity(substance, value, unit)).toMatchObject({ ok: false, reason });
  });

  it('knows every spelling once', () => {
    const spellings = Object.values(unitDefinitions).flatMap((definition) => definition.spellings);
    expect(new Set(spellings).size).toBe(spellings.length);
    for (const spelling of spellings) expect(unitOf(spelling.toUpperCase()), spelling).toBeDefined();
  });

  it('keeps the reported value, and gives a canonical unit the substance allows', () => {
    const units = Object.values(unitDefinitions).flatMap((definition) => definition.spellings);
    fc.assert(
      fc.property(fc.constantFrom(...substances), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(...units), (substance, value, unit) => {
        const reading = convertQuantity(substance, value, unit);
        if (!reading.ok) {
          expect(['UNIT_UNKNOWN', 'QUANTITY_INVALID']).toContain(reading.reason);
          return;
        }
        expect(reading.original).toEqual({ value, unit });
        expect(substanceUnits[substance]).toContain(reading.quantity.unit);
        expect(reading.quantity.value).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('splitQuantityText', () => {
  it.each([
    ['30 arrobas', '30', 'arrobas'],
    ['30.04 arrobas', '30.04', 'arrobas'],
    ['1.5TM', '1.5', 'TM'],
    ['S/ 12 000', '12 000', 'S/'],
    ['S/. 12000', '12000', 'S/.'],
    ['US$12,000.50', '12,000.50', 'US$'],
    ['12 m3', '12', 'm3'],
    ['-5 kg', '-5', 'kg'],
  ])('%j → %j %j', (text, value, unit) => {
    expect(splitQuantityText(text)).toEqual({ value, unit });
  });

  it.each(['30', 'arrobas', 'US$ 30 kg', ''])('%j is not one number with one unit', (text) => {
    expect(splitQuantityText(text)).toBeUndefined();
  });
});
