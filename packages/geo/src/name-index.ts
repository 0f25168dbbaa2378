import { curatedAliases } from './aliases.ts';
import { allEntries, entryOf } from './gazetteer.ts';
import { GeoError } from './geo-errors.ts';
import { normalizeName } from './normalize.ts';

/**
 * Normalized name → codes of every region with that name or alias. Official
 * names and aliases weigh the same: a name that is one place's official name
 * and another's alias ("Laraos") is ambiguous, because RENIEC-based data uses
 * the alias for the other place.
 */
const codesByName = new Map<string, string[]>();

function index(name: string, code: string): void {
  const key = normalizeName(name);
  if (key === '') return;
  const codes = codesByName.get(key);
  if (codes === undefined) codesByName.set(key, [code]);
  else if (!codes.includes(code)) codes.push(code);
}

for (const entry of allEntries()) {
  index(entry.region.name, entry.region.code);
  for (const alias of entry.aliases) index(alias, entry.region.code);
}
for (const [code, ...aliases] of curatedAliases) {
  if (entryOf(code) === undefined) {
    throw new GeoError('VIGIA_GEO_DATA_INVALID', `an alias names the unknown region ${code}`, {
      context: { regionCode: code },
    });
  }
  for (const alias of aliases) index(alias, code);
}

/** Codes of the regions a normalized name designates (any level); empty when none. */
export function codesNamed(normalizedName: string): readonly string[] {
  return codesByName.get(normalizedName) ?? [];
}
