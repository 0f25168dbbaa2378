import { departmentLikeCodes } from './aliases.ts';
import { entryOf, ineiCodeOfReniec, regionByCode } from './gazetteer.ts';
import { match, type MatchOptions, type MatchOutcome, type NameConstraint } from './match.ts';
import { maxPlaceNameChars } from './normalize.ts';
import { codeOf, readingsOf, splitPlace } from './parse-query.ts';
import { RegionLevel, type Region } from './region.ts';

/** The code system of a code in a query. Vigía's canonical system is INEI. */
export const CodeSystem = { inei: 'inei', reniec: 'reniec' } as const;
export type CodeSystem = (typeof CodeSystem)[keyof typeof CodeSystem];

/**
 * A place given field by field, as structured sources (spreadsheets, ACLED
 * admin columns, survey records) carry it. Every field is optional; a code can
 * come with names, which must then agree with it.
 */
export interface PlaceQuery {
  readonly department?: string;
  readonly province?: string;
  readonly district?: string;
  /** A monitoring zone by name, alias or id ("VRAEM", "Alto Huallaga", "vraem"). */
  readonly zone?: string;
  readonly code?: string;
  /** System of `code`; default INEI. RENIEC codes differ from INEI's for most places. */
  readonly system?: CodeSystem;
}

/** Why a place did not resolve; the values are the DLQ reason codes of `@vigia/schemas`. */
export const PlaceFailureReason = { unknown: 'PLACE_UNKNOWN', ambiguous: 'PLACE_AMBIGUOUS' } as const;
export type PlaceFailureReason = (typeof PlaceFailureReason)[keyof typeof PlaceFailureReason];

/** The finer cause behind a reason, for messages, metrics labels and tests. */
export const PlaceFailureDetail = {
  /** The query is not a string or a `PlaceQuery` object. */
  invalidQuery: 'invalid-query',
  /** Nothing but blanks and punctuation. */
  empty: 'empty',
  /** No region has this name (or a qualifier's name). */
  notFound: 'not-found',
  /** Digits, but not 2, 4 or 6 of them. */
  codeMalformed: 'code-malformed',
  /** A well-formed code no region has in this data vintage. */
  codeNotFound: 'code-not-found',
  /** The place exists, but not inside the province/department/zone/code given with it. */
  inconsistent: 'inconsistent',
  /** Several unrelated regions have the name. */
  severalMatches: 'several-matches',
} as const;
export type PlaceFailureDetail = (typeof PlaceFailureDetail)[keyof typeof PlaceFailureDetail];

export interface ResolveSuccess {
  readonly ok: true;
  readonly region: Region;
}

export interface ResolveFailure {
  readonly ok: false;
  readonly reason: PlaceFailureReason;
  readonly detail: PlaceFailureDetail;
  readonly message: string;
  /** For `PLACE_AMBIGUOUS`, the regions the name could be; for `inconsistent`, where the place really is. */
  readonly candidates?: readonly Region[];
}

export type ResolveResult = ResolveSuccess | ResolveFailure;

/** What the resolved region is for. */
export interface ResolveOptions {
  /**
   * The region is a survey's series, so it must be exactly the region meant: a
   * bare name that is both a monitoring zone and a place ("Putumayo",
   * "Tahuamanu", "Madre de Dios", "Amazonas") is `PLACE_AMBIGUOUS` with both
   * listed, instead of meaning the place. The `zone` field, a `zone:<id>` code
   * or a level word ("Zona Putumayo") names the zone. An incident in the
   * province fans out to the zone anyway, which is why events need no such care.
   */
  readonly forSurvey?: boolean;
}

const maxCandidatesInMessage = 5;

/** "Santa Rosa (district 050507, La Mar, Ayacucho)": enough for an operator to pick one. */
export function describeRegion(region: Region): string {
  const chain = (entryOf(region.code)?.ancestors ?? []).filter((ancestor) => ancestor.level !== RegionLevel.national).map((ancestor) => ancestor.name);
  return `${region.name} (${[`${region.level} ${region.code}`, ...chain].join(', ')})`;
}

function fail(reason: PlaceFailureReason, detail: PlaceFailureDetail, message: string, candidates?: readonly Region[]): ResolveFailure {
  const failure: ResolveFailure = { ok: false, reason, detail, message };
  return candidates === undefined ? failure : { ...failure, candidates };
}

function listed(candidates: readonly Region[]): string {
  const shown = candidates.slice(0, maxCandidatesInMessage).map(describeRegion).join('; ');
  const more = candidates.length - maxCandidatesInMessage;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

function fromOutcome(outcome: MatchOutcome, query: string): ResolveResult {
  switch (outcome.kind) {
    case 'found':
      return { ok: true, region: outcome.region };
    case 'ambiguous':
      return fail(
        PlaceFailureReason.ambiguous,
        PlaceFailureDetail.severalMatches,
        `"${query}" matches ${outcome.candidates.length} regions: ${listed(outcome.candidates)}. ` +
          (outcome.candidates.some((region) => region.level === RegionLevel.zone)
            ? 'Qualify it with its province or department, or name the zone in the zone field or by its code (zone:<id>).'
            : 'Qualify it with its province or department.'),
        outcome.candidates,
      );
    case 'inconsistent':
      return fail(
        PlaceFailureReason.unknown,
        PlaceFailureDetail.inconsistent,
        `"${query}": the place exists (${listed(outcome.candidates)}) but not where the query puts it.`,
        outcome.candidates,
      );
    case 'not-found':
      return fail(
        PlaceFailureReason.unknown,
        PlaceFailureDetail.notFound,
        `"${outcome.label}" is not a department, province, district or monitoring zone of Peru in the gazetteer.`,
      );
  }
}

function resolveCode(text: string, system: CodeSystem): ResolveResult | Region {
  const parsed = codeOf(text);
  if (parsed === undefined || 'malformed' in parsed) {
    return fail(
      PlaceFailureReason.unknown,
      PlaceFailureDetail.codeMalformed,
      `"${text}" is not a region code: UBIGEO has 2, 4 or 6 digits; zones are zone:<id>; the nation is PE.`,
    );
  }
  const ineiCode = system === CodeSystem.reniec ? ineiCodeOfReniec(parsed.code) : parsed.code;
  const region = ineiCode === undefined ? undefined : regionByCode(ineiCode);
  if (region !== undefined) return region;
  return fail(
    PlaceFailureReason.unknown,
    PlaceFailureDetail.codeNotFound,
    system === CodeSystem.reniec
      ? `"${text}" is not a RENIEC UBIGEO in the gazetteer's RENIEC table.`
      : `"${text}" is not an INEI UBIGEO, zone or national code in the gazetteer (INEI 2025 vintage). ` +
          'If it is a RENIEC code, pass { code, system: "reniec" }.',
  );
}

function textConstraint(text: string): NameConstraint {
  return { label: text.trim(), readings: readingsOf(text) };
}

function resolveText(text: string, options: MatchOptions): ResolveResult {
  if (text.length > maxPlaceNameChars) {
    const message = `a place name of ${text.length} characters is not a place name.`;
    return fail(PlaceFailureReason.unknown, PlaceFailureDetail.notFound, message);
  }
  if (codeOf(text) !== undefined) {
    const resolved = resolveCode(text, CodeSystem.inei);
    return 'ok' in resolved ? resolved : { ok: true, region: resolved };
  }
  const label = text.trim();
  const parts = splitPlace(text);
  if (parts.length === 0) return fail(PlaceFailureReason.unknown, PlaceFailureDetail.empty, 'the place is empty.');
  // The whole text first: some names contain separators ("Lurigancho - Chosica").
  const whole = match(textConstraint(text), [], undefined, options);
  if (whole.kind === 'found' || whole.kind === 'ambiguous' || parts.length === 1) return fromOutcome(whole, label);
  // Then "place, qualifier, qualifier…" in either order ("Ucayali - Coronel Portillo - Manantay").
  const forward = match(textConstraint(parts[0]!), parts.slice(1).map(textConstraint), undefined, options);
  if (forward.kind === 'found' || forward.kind === 'ambiguous') return fromOutcome(forward, label);
  const reversed = match(textConstraint(parts.at(-1)!), parts.slice(0, -1).reverse().map(textConstraint), undefined, options);
  return fromOutcome(reversed.kind === 'found' || reversed.kind === 'ambiguous' ? reversed : forward, label);
}

const fieldLevels = {
  district: (region: Region) => region.level === RegionLevel.district,
  province: (region: Region) => region.level === RegionLevel.province,
  department: (region: Region) => region.level === RegionLevel.department || departmentLikeCodes.has(region.code),
  zone: (region: Region) => region.level === RegionLevel.zone,
} as const;
const fieldOrder = ['district', 'province', 'department', 'zone'] as const;

function isPlaceQuery(query: unknown): query is PlaceQuery {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) return false;
  const record = query as Record<string, unknown>;
  const stringFields = [...fieldOrder, 'code'].every((field) => record[field] === undefined || typeof record[field] === 'string');
  const system = record.system;
  return stringFields && (system === undefined || system === CodeSystem.inei || system === CodeSystem.reniec);
}

function resolveFields(query: PlaceQuery, options: MatchOptions): ResolveResult {
  let anchor: Region | undefined;
  if (query.code !== undefined && query.code.trim() !== '') {
    const resolved = resolveCode(query.code, query.system ?? CodeSystem.inei);
    if ('ok' in resolved) return resolved;
    anchor = resolved;
  }
  const present = fieldOrder.filter((field) => {
    const value = query[field];
    return value !== undefined && readingsOf(value).length > 0;
  });
  const [targetField, ...qualifierFields] = present;
  if (targetField === undefined) {
    return anchor === undefined
      ? fail(PlaceFailureReason.unknown, PlaceFailureDetail.empty, 'the place query has no name and no code.')
      : { ok: true, region: anchor };
  }
  const constraint = (field: (typeof fieldOrder)[number]): NameConstraint => ({
    label: `${field} ${query[field]!.trim()}`,
    readings: readingsOf(query[field]!).map((reading) => ({ key: reading.key })),
    accepts: fieldLevels[field],
  });
  const label = present.map((field) => `${field}=${query[field]!.trim()}`).join(', ');
  const anchored = anchor === undefined ? label : `${label}, code=${query.code!.trim()}`;
  return fromOutcome(match(constraint(targetField), qualifierFields.map(constraint), anchor, options), anchored);
}

/**
 * Resolves a place to one region, or says why it cannot; never throws, never
 * guesses between unrelated places.
 *
 * - A string is an INEI code (`"050507"`, `"50507"`), a zone code
 *   (`"zone:vraem"`), `"PE"`, or a name with optional qualifiers: `"Santa
 *   Rosa, La Mar"`, `"Santa Rosa (La Mar, Ayacucho)"`, `"Provincia de Huanta"`,
 *   `"Ayacucho - La Mar - Santa Rosa"`. Accents, case, punctuation and known
 *   aliases do not matter.
 * - A `PlaceQuery` gives department/province/district/zone fields and/or a
 *   code (INEI by default, or RENIEC).
 *
 * A name shared by unrelated places ("Santa Rosa": ten districts) fails with
 * `PLACE_AMBIGUOUS` and the candidates. A name that is a region and also a
 * region inside it ("Cusco") means the outer one; a department's name means the
 * department. Zones are matched by name too; where a zone and a place share a
 * name and not their extent ("Huallaga") the name is ambiguous; with
 * `{ forSurvey: true }` it is ambiguous whatever the extents.
 */
export function resolve(query: string | PlaceQuery, options: ResolveOptions = {}): ResolveResult {
  const matchOptions: MatchOptions = { zonesApart: options.forSurvey === true };
  if (typeof query === 'string') return resolveText(query, matchOptions);
  if (isPlaceQuery(query)) return resolveFields(query, matchOptions);
  return fail(
    PlaceFailureReason.unknown,
    PlaceFailureDetail.invalidQuery,
    'a place query is a string or an object with string fields department, province, district, zone, code ' + 'and system "inei" or "reniec".',
  );
}
