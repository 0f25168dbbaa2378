import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxPlaceNameChars, normalizeName } from './normalize.ts';

describe('normalizeName', () => {
  it.each([
    ['Apurímac', 'apurimac'],
    ['APURIMAC', 'apurimac'],
    ['  Junín ', 'junin'],
    ['Kosñipata', 'kosnipata'],
    ['KOSÑIPATA', 'kosnipata'],
    ['Anco_Huallo', 'anco huallo'],
    ['Anco-Huallo', 'anco huallo'],
    ['Rodríguez  de   Mendoza', 'rodriguez de mendoza'],
    ['Prov. Const. del Callao', 'prov const del callao'],
    ['Cuzco', 'cusco'],
    ['Nazca', 'nasca'],
    ['Pto. Inca', 'puerto inca'],
    ['Mcal. Cáceres', 'mariscal caceres'],
    ["Ma'ñana", 'manana'],
    ['Quisqui (Kichki)', 'quisqui kichki'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });

  it('maps text without letters or digits to the empty string', () => {
    expect(normalizeName(' -,.() ')).toBe('');
    expect(normalizeName('')).toBe('');
  });

  it('is idempotent and yields only lower-case ASCII words separated by single spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (input) => {
        const key = normalizeName(input);
        expect(key).toMatch(/^(?:[a-z0-9]+(?: [a-z0-9]+)*)?$/);
        expect(normalizeName(key)).toBe(key);
      }),
    );
  });

  it('does not depend on accents or case', () => {
    const accented = fc.constantFrom(...'aeiounAEIOUN'.split(''));
    const withMarks: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', n: 'ñ' };
    fc.assert(
      fc.property(fc.array(accented, { minLength: 1, maxLength: 20 }), (letters) => {
        const plain = letters.join('');
        const marked = letters.map((c) => withMarks[c.toLowerCase()] ?? c).join('');
        expect(normalizeName(marked.toUpperCase())).toBe(normalizeName(plain));
      }),
    );
  });

  it('reads a bounded prefix of very long input', () => {
    expect(normalizeName('a'.repeat(maxPlaceNameChars * 10))).toHaveLength(maxPlaceNameChars);
  });
});
