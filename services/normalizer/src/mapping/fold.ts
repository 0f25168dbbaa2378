/**
 * The matching key of a word from a report ("Pasta Básica de Cocaína" →
 * "pasta basica de cocaina"): accents removed, lower case, any run of
 * punctuation or spacing one space. Vocabulary tables are keyed by it.
 */
export function fold(text: string): string {
  return text
    .slice(0, 300)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Looks a word up in a table keyed by `fold`; own properties only, so "constructor" finds nothing. */
export function lookup<T>(table: Readonly<Record<string, T>>, text: string): T | undefined {
  const key = fold(text);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
