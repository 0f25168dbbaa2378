import { compareCodes, entryOf } from './gazetteer.ts';
import { codesNamed } from './name-index.ts';
import type { NameReading } from './parse-query.ts';
import { RegionLevel, type Region } from './region.ts';

/**
 * The matching engine behind `resolve`: a target name, qualifiers that must
 * name regions containing the target, and narrowing rules that remove
 * candidates only where that loses nothing. It never picks one of several
 * unrelated places.
 */

/** A name to match, as its readings, optionally limited to some regions (structured fields). */
export interface NameConstraint {
  /** How the caller wrote it, for messages. */
  readonly label: string;
  readonly readings: readonly NameReading[];
  readonly accepts?: (region: Region) => boolean;
}

export type MatchOutcome =
  | { readonly kind: 'found'; readonly region: Region }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly Region[] }
  /** The target exists, but not inside the qualifiers (or the code) given with it. */
  | { readonly kind: 'inconsistent'; readonly candidates: readonly Region[] }
  /** `label` names the part of the query no region has. */
  | { readonly kind: 'not-found'; readonly label: string };

function regionOf(code: string): Region {
  return entryOf(code)!.region;
}

function matchCodes(constraint: NameConstraint): readonly string[] {
  for (const reading of constraint.readings) {
    const codes = codesNamed(reading.key).filter((code) => {
      const region = regionOf(code);
      return (reading.levels?.has(region.level) ?? true) && (constraint.accepts?.(region) ?? true);
    });
    if (codes.length > 0) return codes;
  }
  return [];
}

/**
 * Codes of the regions that contain `code`: administrative ancestors, then
 * zones. A zone with exactly the region's extent is the same area under another
 * name, not a container: it must not satisfy a qualifier ("Putumayo, Putumayo,
 * Loreto" is the district, not the province inside zone Putumayo).
 */
function containersOf(code: string): readonly string[] {
  const entry = entryOf(code)!;
  const zones = entry.zones.filter((zone) => !sameExtent(zone.code, code));
  return [...entry.ancestors, ...zones].map((region) => region.code);
}

/**
 * Whether each qualifier can be matched by a different container of the
 * candidate ("Cusco, Cusco, Cusco" is the district: one qualifier for the
 * province, one for the department). Backtracking; at most a handful of each.
 */
function qualifiersFit(code: string, qualifierMatches: readonly ReadonlySet<string>[]): boolean {
  const containers = containersOf(code);
  const used = new Set<string>();
  const fit = (index: number): boolean => {
    const matches = qualifierMatches[index];
    if (matches === undefined) return true;
    for (const container of containers) {
      if (used.has(container) || !matches.has(container)) continue;
      used.add(container);
      if (fit(index + 1)) return true;
      used.delete(container);
    }
    return false;
  };
  return fit(0);
}

/** `a` lies inside `b` (administratively or in the zone), or covers the same districts. */
function within(a: string, b: string): boolean {
  return a === b || sameExtent(a, b) || containersOf(a).includes(b);
}

function sameExtent(a: string, b: string): boolean {
  const left = entryOf(a)!.districts;
  const right = entryOf(b)!.districts;
  return left.length === right.length && left.every((district, i) => district === right[i]);
}

/**
 * Removes candidates that lose nothing by going: a region whose administrative
 * ancestor is also a candidate ("Cusco" the district inside "Cusco" the
 * department: the coarser reading is the one that cannot be wrong), and a zone
 * whose districts are exactly those of a place candidate (the place fans out to
 * the zone anyway). Then a department beats places elsewhere that share its
 * name: "San Martín", "La Libertad" or "Ucayali" alone mean the department.
 */
export function narrow(codes: readonly string[]): readonly string[] {
  let kept = codes.filter((code) => !entryOf(code)!.ancestors.some((ancestor) => ancestor.code !== code && codes.includes(ancestor.code)));
  kept = kept.filter(
    (code) =>
      regionOf(code).level !== RegionLevel.zone ||
      !kept.some((other) => other !== code && regionOf(other).level !== RegionLevel.zone && sameExtent(code, other)),
  );
  const departments = kept.filter((code) => regionOf(code).level === RegionLevel.department);
  return kept.length > 1 && departments.length === 1 ? departments : kept;
}

/**
 * `narrow`, except that zones and places are never narrowed against each other:
 * a survey's series belongs to exactly the region it names, so a zone and a
 * place sharing a name ("Putumayo", "Madre de Dios") are two answers, not one.
 * Places still narrow among themselves ("Putumayo" the district goes inside
 * "Putumayo" the province).
 */
function narrowKeepingZones(codes: readonly string[]): readonly string[] {
  const zones = codes.filter((code) => regionOf(code).level === RegionLevel.zone);
  const places = codes.filter((code) => regionOf(code).level !== RegionLevel.zone);
  return zones.length === 0 || places.length === 0 ? narrow(codes) : [...narrow(places), ...zones];
}

/** How `match` treats a name that a zone shares with a place. */
export interface MatchOptions {
  /** Never let a place stand for a zone of the same name, or the reverse (surveys). */
  readonly zonesApart?: boolean;
}

/**
 * Matches a target with its qualifiers, and with an `anchor` region (from a
 * code given alongside names) that the result must lie in or contain; when it
 * contains the result the result is the more precise one, and vice versa.
 */
export function match(target: NameConstraint, qualifiers: readonly NameConstraint[], anchor?: Region, options: MatchOptions = {}): MatchOutcome {
  const targetCodes = matchCodes(target);
  if (targetCodes.length === 0) return { kind: 'not-found', label: target.label };
  const qualifierMatches: ReadonlySet<string>[] = [];
  for (const qualifier of qualifiers) {
    const codes = matchCodes(qualifier);
    if (codes.length === 0) return { kind: 'not-found', label: qualifier.label };
    qualifierMatches.push(new Set(codes));
  }
  let fitting = targetCodes.filter((code) => qualifiersFit(code, qualifierMatches));
  if (anchor !== undefined) {
    fitting = fitting.filter((code) => within(code, anchor.code) || within(anchor.code, code)).map((code) => (within(code, anchor.code) ? code : anchor.code));
    fitting = [...new Set(fitting)];
  }
  const narrowed = options.zonesApart === true ? narrowKeepingZones(fitting) : narrow(fitting);
  const regions = narrowed.map(regionOf).sort(compareCodes);
  if (regions.length === 0) {
    return { kind: 'inconsistent', candidates: narrow(targetCodes).map(regionOf).sort(compareCodes) };
  }
  if (regions.length === 1) return { kind: 'found', region: regions[0]! };
  return { kind: 'ambiguous', candidates: regions };
}
