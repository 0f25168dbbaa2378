import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ubigeoTable } from './data/ubigeo-inei.ts';
import { regionByCode } from './gazetteer.ts';
import { PlaceFailureDetail, PlaceFailureReason, resolve, type PlaceQuery, type ResolveResult } from './resolve.ts';

const reasons = Object.values(PlaceFailureReason) as string[];
const details = Object.values(PlaceFailureDetail) as string[];

/** The contract every answer keeps, whatever the input. */
function expectWellFormed(result: ResolveResult): void {
  if (result.ok) {
    expect(regionByCode(result.region.code)).toBe(result.region);
    return;
  }
  expect(reasons).toContain(result.reason);
  expect(details).toContain(result.detail);
  expect(result.message.length).toBeGreaterThan(0);
  if (result.reason === PlaceFailureReason.ambiguous) expect(result.candidates!.length).toBeGreaterThan(1);
}

/** Text that looks like what reports contain: place words, separators, accents, digits. */
const placeLikeText = fc
  .array(
    fc.oneof(
      fc.constantFrom('Santa', 'Rosa', 'San', 'Juan', 'Lima', 'Cusco', 'VRAEM', 'Huallaga', 'de', 'del', 'provincia'),
      fc.constantFrom(',', ' - ', '(', ')', '/', ' ', 'zone:', 'á', 'ñ', '0', '5', 'PE'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(' '));

describe('resolve (properties)', () => {
  it('never throws on arbitrary text and either resolves or gives a reason', () => {
    const graphemes = fc.string({ unit: 'grapheme', maxLength: 80 });
    const texts = fc.oneof(graphemes, placeLikeText, fc.string({ maxLength: 400 }));
    fc.assert(
      fc.property(texts, (text) => {
        expectWellFormed(resolve(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary values posing as queries', () => {
    const fields = fc.record(
      {
        department: fc.oneof(fc.string({ maxLength: 20 }), placeLikeText),
        province: fc.string({ maxLength: 20 }),
        district: fc.oneof(fc.string({ maxLength: 20 }), placeLikeText),
        zone: fc.string({ maxLength: 20 }),
        code: fc.oneof(fc.string({ maxLength: 8 }), fc.stringMatching(/^\d{1,7}$/)),
        system: fc.constantFrom('inei', 'reniec'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fields, fc.anything()), (query) => {
        expectWellFormed(resolve(query as PlaceQuery));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same answer for the same query', () => {
    fc.assert(
      fc.property(placeLikeText, (text) => {
        expect(resolve(text)).toEqual(resolve(text));
      }),
    );
  });

  it('resolves accent, case, spacing and punctuation variants of a district to the same UBIGEO', () => {
    const districts = fc.constantFrom(...ubigeoTable.districts);
    const variant = fc.constantFrom(
      (s: string) => s.toUpperCase(),
      (s: string) => s.toLowerCase(),
      (s: string) => s.normalize('NFD').replace(/\p{M}/gu, ''),
      (s: string) => `  ${s.replace(/ /g, '   ')} `,
      (s: string) => s.replace(/ /g, '-'),
      (s: string) => `Distrito de ${s}`,
    );
    fc.assert(
      fc.property(districts, variant, variant, ([code, name], vary, varyAgain) => {
        const province = regionByCode(code.slice(0, 4))!.name;
        const department = regionByCode(code.slice(0, 2))!.name;
        const result = resolve({ department: vary(department), province: varyAgain(province), district: vary(name) });
        expect(result.ok && result.region.code, `${code} ${name}`).toBe(code);
      }),
      { numRuns: 1000 },
    );
  });
});
