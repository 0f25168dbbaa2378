import { ubigeoTable } from './data/ubigeo-inei.ts';
import type { UbigeoRow } from './data/ubigeo-table.ts';
import { GeoError } from './geo-errors.ts';
import { nationalCode, nationalRegion, RegionLevel, zoneCode, type Region } from './region.ts';
import type { ZoneDefinition } from './zones/zone-definition.ts';
import { zoneDefinitions } from './zones/zones.ts';

/**
 * The region hierarchy, built once when the module loads (about 2,100
 * regions; a few milliseconds) so that every query is a map lookup.
 */

/** One region and what the queries need about it; read-only outside this module. */
export interface GazetteerEntry {
  readonly region: Region;
  readonly aliases: readonly string[];
  readonly reniecCode: string | null;
  /** INEI district codes the region covers, sorted: what zone containment is computed on. */
  readonly districts: readonly string[];
  readonly ancestors: readonly Region[];
  readonly zones: readonly Region[];
}

interface MutableEntry {
  region: Region;
  aliases: readonly string[];
  reniecCode: string | null;
  districts: string[];
  ancestors: readonly Region[];
  zones: readonly Region[];
}

const entries = new Map<string, MutableEntry>();
const ineiByReniec = new Map<string, string>();
const zoneByCode = new Map<string, ZoneDefinition>();

function addEntry(region: Region, aliases: readonly string[], reniecCode: string | null, districts: string[]): void {
  entries.set(region.code, { region: Object.freeze(region), aliases, reniecCode, districts, ancestors: [], zones: [] });
}

function addRows(rows: readonly UbigeoRow[], level: RegionLevel, parentOf: (code: string) => string): void {
  for (const [code, name, reniecCode, aliases = []] of rows) {
    addEntry({ code, level, name, parent: parentOf(code) }, aliases, reniecCode, level === RegionLevel.district ? [code] : []);
    // RENIEC codes are unique per level only; the prefix keeps levels apart.
    if (reniecCode !== null) ineiByReniec.set(`${level}:${reniecCode}`, code);
  }
}

addEntry(nationalRegion, [], null, []);
addRows(ubigeoTable.departments, RegionLevel.department, () => nationalCode);
addRows(ubigeoTable.provinces, RegionLevel.province, (code) => code.slice(0, 2));
addRows(ubigeoTable.districts, RegionLevel.district, (code) => code.slice(0, 4));
for (const [code] of ubigeoTable.districts) {
  for (const container of [code.slice(0, 4), code.slice(0, 2), nationalCode]) {
    entries.get(container)?.districts.push(code);
  }
}

for (const zone of zoneDefinitions) {
  const districts = new Set<string>();
  for (const [member, memberName] of zone.members) {
    const entry = entries.get(member);
    if (entry === undefined || entry.region.level === RegionLevel.national || entry.region.name !== memberName) {
      throw new GeoError('VIGIA_GEO_DATA_INVALID', `zone ${zone.id} lists ${member} ${memberName}, not in the table`, {
        context: { zone: zone.id, member, memberName, tableName: entry?.region.name ?? null },
      });
    }
    for (const district of entry.districts) districts.add(district);
  }
  const code = zoneCode(zone.id);
  zoneByCode.set(code, zone);
  const region: Region = { code, level: RegionLevel.zone, name: zone.name, parent: nationalCode };
  addEntry(region, zone.aliases, null, [...districts]);
}

for (const entry of entries.values()) entry.districts.sort();
const zoneEntries = [...entries.values()].filter((entry) => entry.region.level === RegionLevel.zone).sort((a, b) => compareCodes(a.region, b.region));

const zoneDistrictSets = new Map(zoneEntries.map((zone) => [zone, new Set(zone.districts)]));

function covers(zone: MutableEntry, inner: MutableEntry): boolean {
  const set = zoneDistrictSets.get(zone)!;
  return inner.districts.length > 0 && inner.districts.every((district) => set.has(district));
}

for (const entry of entries.values()) {
  const ancestors: Region[] = [];
  for (let parent = entry.region.parent; parent !== undefined; parent = entries.get(parent)?.region.parent) {
    ancestors.push(entries.get(parent)!.region);
  }
  entry.ancestors = Object.freeze(ancestors);
  // A zone contains a region only when it holds every district of it: an event
  // known only to the province level cannot be placed inside a partial zone.
  entry.zones = Object.freeze(
    entry.region.level === RegionLevel.national ? [] : zoneEntries.filter((zone) => zone !== entry && covers(zone, entry)).map((zone) => zone.region),
  );
  Object.freeze(entry.districts);
}

/** Orders regions by code (plain code-unit order, so the same everywhere). */
export function compareCodes(a: Region, b: Region): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** The gazetteer entry of a code, or `undefined`; internal to the package. */
export function entryOf(code: string): GazetteerEntry | undefined {
  return entries.get(code);
}

/** Every entry, in table order (nation, departments, provinces, districts, zones); internal. */
export function allEntries(): IterableIterator<GazetteerEntry> {
  return entries.values();
}

function requireEntry(code: string): GazetteerEntry {
  const entry = entries.get(code);
  if (entry === undefined) {
    throw new GeoError('VIGIA_GEO_REGION_UNKNOWN', `no region has the code ${JSON.stringify(code)}`, {
      context: { regionCode: code },
    });
  }
  return entry;
}

/** The region of an INEI UBIGEO, zone or national code, or `undefined` when there is none. */
export function regionByCode(code: string): Region | undefined {
  return entries.get(code)?.region;
}

/**
 * The administrative ancestors of a region, nearest first, ending with the
 * nation: district → [province, department, PE]; a zone's only ancestor is PE.
 * @throws GeoError `VIGIA_GEO_REGION_UNKNOWN` for a code the gazetteer lacks.
 */
export function ancestors(code: string): readonly Region[] {
  return requireEntry(code).ancestors;
}

/**
 * The zones that contain every district of the region, ordered by code. A
 * province or department counts as inside a zone only if the zone covers all
 * of it; zones can contain other zones.
 * @throws GeoError `VIGIA_GEO_REGION_UNKNOWN` for a code the gazetteer lacks.
 */
export function zonesContaining(code: string): readonly Region[] {
  return requireEntry(code).zones;
}

/**
 * Every region an event at this place counts towards — the fan-out of the
 * aggregator: the region itself, its ancestors up to PE (nearest first), then
 * the zones containing it (by code). No duplicates; the same order every time.
 * @throws GeoError `VIGIA_GEO_REGION_UNKNOWN` for a code the gazetteer lacks.
 */
export function targetRegions(code: string): readonly Region[] {
  const entry = requireEntry(code);
  return [entry.region, ...entry.ancestors, ...entry.zones];
}

/** The regions directly below one: a department's provinces, a province's districts, a zone's members as districts. */
export function childrenOf(code: string): readonly Region[] {
  const entry = requireEntry(code);
  if (entry.region.level === RegionLevel.zone) return entry.districts.map((district) => entries.get(district)!.region);
  const children: Region[] = [];
  for (const candidate of entries.values()) {
    const { region } = candidate;
    if (region.parent === code && region.level !== RegionLevel.zone) children.push(region);
  }
  return children;
}

/** All regions of one level (or of every level), ordered by code. */
export function listRegions(level?: RegionLevel): readonly Region[] {
  const regions: Region[] = [];
  for (const { region } of entries.values()) if (level === undefined || region.level === level) regions.push(region);
  return regions.sort(compareCodes);
}

/** A zone's definition (members, source, approximation note), or `undefined` for other codes. */
export function zoneDefinition(code: string): ZoneDefinition | undefined {
  return zoneByCode.get(code);
}

/**
 * The RENIEC code of an INEI-coded department, province or district, or
 * `undefined` when RENIEC has none (districts created after its table) or the
 * code is not administrative. RENIEC numbers departments alphabetically without
 * Callao (RENIEC 24), so most codes differ from INEI's.
 */
export function reniecCodeOf(ineiCode: string): string | undefined {
  return entries.get(ineiCode)?.reniecCode ?? undefined;
}

/** The INEI code of a RENIEC department (2 digits), province (4) or district (6) code, or `undefined`. */
export function ineiCodeOfReniec(reniecCode: string): string | undefined {
  const levels = { 2: RegionLevel.department, 4: RegionLevel.province, 6: RegionLevel.district } as const;
  const level = levels[reniecCode.length as keyof typeof levels];
  if (level === undefined) return undefined;
  return ineiByReniec.get(`${level}:${reniecCode}`);
}
