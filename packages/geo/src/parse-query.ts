import { normalizeName } from './normalize.ts';
import { RegionLevel } from './region.ts';

/** One way to read a piece of a query: a normalized name, maybe restricted to some levels. */
export interface NameReading {
  readonly key: string;
  /** `undefined`: any level. */
  readonly levels?: ReadonlySet<RegionLevel>;
}

const departmentLevels: ReadonlySet<RegionLevel> = new Set([RegionLevel.department]);
// "Región" names a department or a zone ("Región VRAEM" appears in the press, "Región Lima" is Lima Provincias).
const regionLevels: ReadonlySet<RegionLevel> = new Set([RegionLevel.department, RegionLevel.zone]);
const provinceLevels: ReadonlySet<RegionLevel> = new Set([RegionLevel.province]);
const districtLevels: ReadonlySet<RegionLevel> = new Set([RegionLevel.district]);
const zoneLevels: ReadonlySet<RegionLevel> = new Set([RegionLevel.zone]);

// Normalized words that say which level a name is; longest first so that
// "provincia de" is stripped whole rather than leaving "de".
const levelPrefixes: readonly (readonly [string, ReadonlySet<RegionLevel>])[] = [
  ['provincia constitucional del', provinceLevels],
  ['gobierno regional de', regionLevels],
  ['departamento del', departmentLevels],
  ['departamento de', departmentLevels],
  ['departamento', departmentLevels],
  ['dpto de', departmentLevels],
  ['dpto', departmentLevels],
  ['depto de', departmentLevels],
  ['depto', departmentLevels],
  ['region de', regionLevels],
  ['region', regionLevels],
  ['provincia del', provinceLevels],
  ['provincia de', provinceLevels],
  ['provincia', provinceLevels],
  ['prov de', provinceLevels],
  ['prov', provinceLevels],
  ['distrito del', districtLevels],
  ['distrito de', districtLevels],
  ['distrito', districtLevels],
  ['dist de', districtLevels],
  ['dist', districtLevels],
  ['zona del', zoneLevels],
  ['zona de', zoneLevels],
  ['zona', zoneLevels],
  ['ambito del', zoneLevels],
  ['ambito de', zoneLevels],
];
const levelSuffixes: readonly (readonly [string, ReadonlySet<RegionLevel>])[] = [
  ['department', departmentLevels],
  ['departamento', departmentLevels],
  ['region', regionLevels],
  ['province', provinceLevels],
  ['provincia', provinceLevels],
  ['district', districtLevels],
  ['distrito', districtLevels],
  ['zone', zoneLevels],
  ['zona', zoneLevels],
];

/**
 * The readings of one name, most literal first: the whole normalized text
 * (aliases such as "Región Lima" or "Provincia Constitucional del Callao" are
 * names in their own right), then the text without a level word, restricted to
 * that level ("Provincia de Huanta" → province "huanta").
 */
export function readingsOf(text: string): readonly NameReading[] {
  const key = normalizeName(text);
  if (key === '') return [];
  const readings: NameReading[] = [{ key }];
  for (const [prefix, levels] of levelPrefixes) {
    if (key.startsWith(`${prefix} `)) {
      readings.push({ key: key.slice(prefix.length + 1), levels });
      break;
    }
  }
  for (const [suffix, levels] of levelSuffixes) {
    if (key.endsWith(` ${suffix}`)) {
      readings.push({ key: key.slice(0, -suffix.length - 1), levels });
      break;
    }
  }
  return readings;
}

/**
 * Splits a free-text place into its pieces: "Santa Rosa, La Mar, Ayacucho",
 * "Santa Rosa (La Mar)", "Ayacucho / La Mar" or "Ucayali - Coronel Portillo -
 * Manantay". A hyphen splits only with spaces around it, so "Anco-Huallo" and
 * "Rupa-Rupa" stay whole.
 */
export function splitPlace(text: string): readonly string[] {
  return text
    .split(/[,;/|()[\]{}]|\s[-–—]\s/)
    .map((part) => part.trim())
    .filter((part) => normalizeName(part) !== '');
}

/** Codes as people write them: INEI digits (a leading zero lost in a spreadsheet restored), `zone:…`, `PE`. */
export function codeOf(text: string): { readonly code: string } | { readonly malformed: true } | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    if (trimmed.length > 6) return { malformed: true };
    // Codes have 2, 4 or 6 digits; an odd length can only be one that lost its leading zero.
    return { code: trimmed.length % 2 === 1 ? `0${trimmed}` : trimmed };
  }
  if (/^zone:/i.test(trimmed)) return { code: trimmed.toLowerCase() };
  if (trimmed.toUpperCase() === 'PE') return { code: 'PE' };
  return undefined;
}
