import { childrenOf, describeRegion, resolve, type PlaceQuery, type Region, type ResolveResult } from '@vigia/geo';
import { peruBounds, type Coordinates, type Location, type RegionRef } from '@vigia/schemas';
import { describeInput, numberProblemMessage, readNumber } from './numbers.ts';
import type { Problems } from './problems.ts';

/**
 * Where a report says it happened, resolved with the gazetteer of `@vigia/geo`.
 * An unknown place is `PLACE_UNKNOWN`, a name several places share is
 * `PLACE_AMBIGUOUS` with the candidates in the message: the normalizer never
 * picks one.
 */

/** The place fields of a report, as submitted, with the paths to report problems at. */
export interface PlaceFields {
  /** A name ("Llochegua, Huanta"), a code ("050408", "zone:vraem") or `{ department, province, district, zone, ubigeo }`. */
  readonly place: unknown;
  readonly placePath: string;
  /** A UBIGEO code given on its own; it wins over a place name, which is then only shown to people. */
  readonly ubigeo?: unknown;
  readonly ubigeoPath?: string;
}

const queryFields = ['department', 'province', 'district', 'zone'] as const;

interface ParsedPlace {
  readonly query: string | PlaceQuery;
  /** The place as written, kept as `placeName`. */
  readonly label?: string;
  /** The field a resolution failure is reported at. */
  readonly path: string;
}

function queryOf(fields: PlaceFields, problems: Problems): ParsedPlace | undefined {
  const { place, ubigeo } = fields;
  const code = typeof ubigeo === 'number' && Number.isInteger(ubigeo) ? String(ubigeo) : ubigeo;
  if (code !== undefined && code !== null && code !== '') {
    if (typeof code !== 'string') {
      problems.add('SCHEMA_INVALID', fields.ubigeoPath ?? 'ubigeo', `${describeInput(ubigeo)} is not a UBIGEO code`);
      return undefined;
    }
    if (typeof place === 'object' && place !== null && !Array.isArray(place)) {
      const query = placeQueryOf(place as Record<string, unknown>, fields.placePath, problems);
      return query === undefined ? undefined : { query: { ...query, code }, path: fields.placePath };
    }
    const label = typeof place === 'string' && place.trim() !== '' ? { label: place.trim() } : {};
    return { query: code, ...label, path: fields.ubigeoPath ?? 'ubigeo' };
  }
  if (typeof place === 'string') {
    if (place.trim() === '') {
      problems.add('SCHEMA_INVALID', fields.placePath, 'the place is missing');
      return undefined;
    }
    return { query: place, label: place.trim(), path: fields.placePath };
  }
  if (typeof place === 'object' && place !== null && !Array.isArray(place)) {
    const query = placeQueryOf(place as Record<string, unknown>, fields.placePath, problems);
    return query === undefined ? undefined : { query, path: fields.placePath };
  }
  const message =
    place === undefined || place === null
      ? 'the place is missing: give a name, a UBIGEO code or { department, province, district, zone }'
      : `${describeInput(place)} is not a place: give a name, a UBIGEO code or { department, province, district, zone }`;
  problems.add('SCHEMA_INVALID', fields.placePath, message);
  return undefined;
}

function placeQueryOf(place: Record<string, unknown>, path: string, problems: Problems): PlaceQuery | undefined {
  const query: Record<string, string> = {};
  let valid = true;
  for (const field of [...queryFields, 'ubigeo', 'code'] as const) {
    const value = place[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
      problems.add('SCHEMA_INVALID', `${path}.${field}`, `${describeInput(value)} is not a name or code`);
      valid = false;
      continue;
    }
    query[field === 'ubigeo' ? 'code' : field] = String(value);
  }
  if (!valid) return undefined;
  return query;
}

function addFailure(result: Exclude<ResolveResult, { ok: true }>, path: string, problems: Problems): void {
  problems.add(result.reason, path, result.message);
}

/** Resolves the place of an incident or seizure to a district, province or department. */
export function resolveLocation(
  fields: PlaceFields,
  extras: { readonly zone?: unknown; readonly zonePath: string; readonly coordinates?: Coordinates; readonly placeName?: string },
  problems: Problems,
): Location | undefined {
  const parsed = queryOf(fields, problems);
  const zone = resolveZone(extras.zone, extras.zonePath, problems);
  if (parsed === undefined) return undefined;
  const result = resolve(parsed.query);
  const { path } = parsed;
  if (!result.ok) {
    addFailure(result, path, problems);
    return undefined;
  }
  const { region } = result;
  if (region.level !== 'district' && region.level !== 'province' && region.level !== 'department') {
    problems.add(
      'PLACE_AMBIGUOUS',
      path,
      `${describeRegion(region)} is a ${region.level === 'zone' ? 'monitoring zone' : 'whole country'}, not a place: ` +
        'give the district, province or department where it happened (the zone can go in the zone field)',
    );
    return undefined;
  }
  if (zone !== undefined && !overlaps(region, zone)) {
    problems.add('PLACE_UNKNOWN', extras.zonePath, `${describeRegion(region)} is not in the zone ${describeRegion(zone)}`);
    return undefined;
  }
  // A bare UBIGEO says nothing to people: name the place as the gazetteer does.
  const written = extras.placeName ?? parsed.label;
  const placeName = (written === undefined || /^\d{2,6}$/.test(written.trim()) ? region.name : written).slice(0, 300);
  return {
    ubigeo: region.code,
    level: region.level,
    ...(extras.coordinates === undefined ? {} : { coordinates: extras.coordinates }),
    ...(zone === undefined ? {} : { zone: zone.code }),
    ...(placeName === undefined ? {} : { placeName }),
  };
}

/**
 * Resolves the region a survey covers: any level, monitoring zones and the
 * nation included. A survey's figures form the series of exactly the region
 * named, so a bare name that is both a zone and a place ("Putumayo",
 * "Tahuamanu") is `PLACE_AMBIGUOUS` with both listed — unless the report's
 * `zone` field names one of the candidate zones, which then is the region.
 */
export function resolveRegion(fields: PlaceFields, problems: Problems, zoneField?: { readonly value: unknown; readonly path: string }): RegionRef | undefined {
  const parsed = queryOf(fields, problems);
  if (parsed === undefined) return undefined;
  const result = resolve(parsed.query, { forSurvey: true });
  if (!result.ok) {
    const zone = result.reason === 'PLACE_AMBIGUOUS' && zoneField !== undefined ? namedZone(zoneField.value) : undefined;
    const chosen = zone === undefined ? undefined : result.candidates?.find((candidate) => candidate.code === zone.code);
    if (chosen !== undefined) return { code: chosen.code, level: chosen.level };
    addFailure(result, parsed.path, problems);
    return undefined;
  }
  return { code: result.region.code, level: result.region.level };
}

/** The zone a `zone` field names, if it names exactly one; problems with it are reported where it is resolved. */
function namedZone(input: unknown): Region | undefined {
  if (typeof input !== 'string' || input.trim() === '') return undefined;
  const result = resolve(input.trim().startsWith('zone:') ? input.trim() : { zone: input });
  return result.ok && result.region.level === 'zone' ? result.region : undefined;
}

function resolveZone(input: unknown, path: string, problems: Problems): Region | undefined {
  if (input === undefined || input === null || input === '') return undefined;
  if (typeof input !== 'string') {
    problems.add('SCHEMA_INVALID', path, `${describeInput(input)} is not a zone name`);
    return undefined;
  }
  const result = resolve(input.trim().startsWith('zone:') ? input.trim() : { zone: input });
  if (!result.ok) {
    addFailure(result, path, problems);
    return undefined;
  }
  if (result.region.level !== 'zone') {
    problems.add('PLACE_UNKNOWN', path, `${describeRegion(result.region)} is not a monitoring zone`);
    return undefined;
  }
  return result.region;
}

const zoneDistricts = new Map<string, readonly string[]>();

/** Whether some district of `region` lies in `zone`. UBIGEO codes nest by prefix (050408 ⊂ 0504 ⊂ 05). */
function overlaps(region: Region, zone: Region): boolean {
  let districts = zoneDistricts.get(zone.code);
  if (districts === undefined) {
    districts = childrenOf(zone.code).map((district) => district.code);
    zoneDistricts.set(zone.code, districts);
  }
  return districts.some((district) => district.startsWith(region.code));
}

/** Reads `{ lat, lon }` (numbers or numeric text) and checks it lies in Peru. */
export function readCoordinates(lat: unknown, lon: unknown, path: string, problems: Problems): Coordinates | undefined {
  const blank = (value: unknown) => value === undefined || value === null || value === '';
  if (blank(lat) && blank(lon)) return undefined;
  const latitude = readNumber(lat);
  const longitude = readNumber(lon);
  if (!latitude.ok || !longitude.ok) {
    const message = !latitude.ok
      ? `latitude ${numberProblemMessage(lat, latitude.problem)}`
      : !longitude.ok
        ? `longitude ${numberProblemMessage(lon, longitude.problem)}`
        : '';
    problems.add('SCHEMA_INVALID', path, message);
    return undefined;
  }
  const { minLat, maxLat, minLon, maxLon } = peruBounds;
  if (latitude.value < minLat || latitude.value > maxLat || longitude.value < minLon || longitude.value > maxLon) {
    problems.add(
      'PLACE_UNKNOWN',
      path,
      `(${latitude.value}, ${longitude.value}) is outside Peru (lat ${minLat}…${maxLat}, lon ${minLon}…${maxLon}); are latitude and longitude swapped?`,
    );
    return undefined;
  }
  return { lat: latitude.value, lon: longitude.value };
}
