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

/** The pattern `splitQuantityText` used before issue 13, kept as the oracle of what it must still answer. */
function splitByOldPattern(text: string): { value: string; unit: string } | undefined {
  const match = /^\s*(?<before>[^\d+\-,]*?)\s*(?<number>[+-]?(?:\d[\d.,\s]*|[.,]\d[\d.,\s]*))(?<after>.*)$/su.exec(text.slice(0, 200));
  if (match?.groups === undefined) return undefined;
  const { before = '', number = '', after = '' } = match.groups;
  if ((before.trim() === '') === (after.trim() === '')) return undefined;
  return { value: number.trim(), unit: before.trim() === '' ? after.trim() : before.trim() };
}

/** The least time, over `rounds`, that `calls` splits of `text` take: noise from other processes only adds time. */
function leastTimeMs(text: string, calls: number, rounds: number): number {
  let least = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    for (let call = 0; call < calls; call += 1) splitQuantityText(text);
    least = Math.min(least, performance.now() - started);
  }
  return least;
}

describe('splitQuantityText on hostile text (issue 13)', () => {
  it('answers as the pattern it replaced did, for any text of quantity characters', () => {
    const quantityChar = fc.constantFrom(' ', '\t', '\u00a0', '\n', '1', '0', '9', '.', ',', '+', '-', 'k', 'g', 'S', '/', '$', '@', 'é');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: quantityChar, maxLength: 40 }), fc.string({ maxLength: 40 })), (text) => {
        expect(splitQuantityText(text)).toEqual(splitByOldPattern(text));
      }),
      { numRuns: 2000 },
    );
  });

  // The incident: a record with quantities made of whitespace took 450 ms to
  // map (23.5 KB) because the pattern's cost grew with the cube of the spaces.
  // Compared with text of the same length that is read to its end too (so a
  // slow or busy machine slows both sides alike, and neither side stops early),
  // with slack for a scheduler pause; the old pattern was about 500 times slower.
  it('whitespace quantity stall: a text of spaces costs about what other text read to its end costs', () => {
    const hostile = `${' '.repeat(199)}x`;
    const readToItsEnd = `${'x'.repeat(199)} `;
    const hostileMs = leastTimeMs(hostile, 2_000, 5);
    const otherMs = leastTimeMs(readToItsEnd, 2_000, 5);
    expect(hostileMs).toBeLessThan(otherMs * 10 + 5);
  });
});
