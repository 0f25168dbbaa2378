/**
 * Place-name normalization shared by the index builder, the resolver and the
 * data generator, so that both sides of every comparison go through the same
 * function.
 */

/**
 * Spelling variants and abbreviations rewritten token by token. Each key is a
 * token that never occurs as a word of an official INEI name, so rewriting it
 * cannot merge two different places.
 */
const tokenVariants: Readonly<Record<string, string>> = {
  cuzco: 'cusco', // pre-1990s spelling, still common in the press and in RENIEC data
  nazca: 'nasca', // RENIEC and most maps; INEI writes "Nasca"
  gral: 'general',
  cnel: 'coronel',
  mcal: 'mariscal',
  pto: 'puerto',
  sta: 'santa',
  sto: 'santo',
};

/** Longest input we normalize; longer strings are not place names. */
export const maxPlaceNameChars = 300;

/**
 * Canonical matching key of a place name: accents stripped (NFD, combining marks
 * removed, so "ñ" matches "n"), lower case, apostrophes dropped, any other run of
 * punctuation or spacing collapsed to one space, known variants rewritten.
 *
 * @example normalizeName('  Apurímac ') === normalizeName('APURIMAC') // 'apurimac'
 * @example normalizeName('Anco_Huallo') === normalizeName('Anco-Huallo') // 'anco huallo'
 */
export function normalizeName(input: string): string {
  const folded = input
    .slice(0, maxPlaceNameChars)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (folded === '') return '';
  return folded
    .split(' ')
    .map((token) => tokenVariants[token] ?? token)
    .join(' ');
}
