import { asObject, field, member, type Field } from './fields.ts';
import type { Problems } from './problems.ts';
import type { ActorFields, CasualtyFields, ItemFields, ReportFields, SourceFields } from './report-fields.ts';

/**
 * Our JSON input (formats `json` and `ndjson`): close to the canonical event,
 * but lenient where publishers differ — places as names or UBIGEO, quantities
 * as text with units, dates in the usual spellings. The README documents it;
 * paths are relative to the submitted object.
 */

const sides = ['securityForces', 'civilians', 'armedGroups'] as const;

function at(object: Readonly<Record<string, unknown>> | undefined, name: string, path: string): Field {
  return field(member(object, name), path);
}

function nested(object: Readonly<Record<string, unknown>>, name: string, problems: Problems): Readonly<Record<string, unknown>> | undefined {
  const value = member(object, name);
  if (value === undefined || value === null) return undefined;
  const inner = asObject(value);
  if (inner === undefined) problems.add('SCHEMA_INVALID', name, 'expected an object');
  return inner;
}

function list(object: Readonly<Record<string, unknown>>, name: string, problems: Problems): readonly unknown[] {
  const value = member(object, name);
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  problems.add('SCHEMA_INVALID', name, 'expected an array');
  return [];
}

function readSourceFields(report: Readonly<Record<string, unknown>>, problems: Problems): SourceFields {
  const value = member(report, 'source');
  if (typeof value === 'string' || value === undefined || value === null) {
    return { name: field(value, 'source'), kind: field(undefined, 'source.kind'), reference: field(undefined, 'source.reference') };
  }
  const source = asObject(value);
  if (source === undefined) problems.add('SCHEMA_INVALID', 'source', 'expected a name or { name, kind, reference }');
  return {
    name: at(source, 'name', 'source.name'),
    kind: at(source, 'kind', 'source.kind'),
    reference: at(source, 'reference', 'source.reference'),
  };
}

function readActors(report: Readonly<Record<string, unknown>>, problems: Problems): ActorFields[] {
  return list(report, 'actors', problems).map((actor, index) => {
    const path = `actors[${index}]`;
    if (typeof actor === 'string') return { name: field(actor, path), kind: field(undefined, `${path}.kind`) };
    const object = asObject(actor);
    if (object === undefined) problems.add('SCHEMA_INVALID', path, 'expected a name or { name, kind }');
    return { name: at(object, 'name', `${path}.name`), kind: at(object, 'kind', `${path}.kind`) };
  });
}

function readItem(item: unknown, path: string, problems: Problems): ItemFields {
  const object = asObject(item);
  if (object === undefined) problems.add('SCHEMA_INVALID', path, 'expected { substance, quantity, unit }');
  const quantity = member(object, 'quantity');
  const quantityObject = asObject(quantity);
  const inner = (name: string) => (path === '' ? name : `${path}.${name}`);
  return {
    substance: at(object, 'substance', inner('substance')),
    chemical: at(object, 'chemical', inner('chemical')),
    // { value, unit } is the canonical shape; "30 arrobas" and 30 + unit are the lenient ones.
    quantity: quantityObject === undefined ? field(quantity, inner('quantity')) : at(quantityObject, 'value', inner('quantity.value')),
    unit: quantityObject === undefined ? at(object, 'unit', inner('unit')) : at(quantityObject, 'unit', inner('quantity.unit')),
  };
}

function readItems(report: Readonly<Record<string, unknown>>, problems: Problems): ItemFields[] {
  if (member(report, 'items') === undefined && member(report, 'substance') !== undefined) return [readItem(report, '', problems)];
  return list(report, 'items', problems).map((item, index) => readItem(item, `items[${index}]`, problems));
}

/** Reads our JSON report shape; `undefined` (with a problem) when the value is not an object. */
export function readJsonReport(value: unknown, problems: Problems): ReportFields | undefined {
  const report = asObject(value);
  if (report === undefined) {
    problems.add('SCHEMA_INVALID', '', 'a report is a JSON object (see the normalizer README for its fields)');
    return undefined;
  }
  const casualties = nested(report, 'casualties', problems);
  const side = (name: (typeof sides)[number]): CasualtyFields => {
    const object = casualties === undefined ? undefined : asObject(member(casualties, name));
    if (casualties !== undefined && member(casualties, name) !== undefined && object === undefined) {
      problems.add('SCHEMA_INVALID', `casualties.${name}`, 'expected { killed, injured }');
    }
    return { killed: at(object, 'killed', `casualties.${name}.killed`), injured: at(object, 'injured', `casualties.${name}.injured`) };
  };
  const coordinates = nested(report, 'coordinates', problems);
  const region = member(report, 'region');
  return {
    kind: at(report, 'kind', 'kind'),
    eventId: at(report, 'eventId', 'eventId'),
    revision: at(report, 'revision', 'revision'),
    occurredAt: at(report, 'occurredAt', 'occurredAt'),
    precision: at(report, 'precision', 'precision'),
    reportedAt: at(report, 'reportedAt', 'reportedAt'),
    source: readSourceFields(report, problems),
    confidence: at(report, 'confidence', 'confidence'),
    notes: at(report, 'notes', 'notes'),
    // Surveys name a `region`; `place` is accepted for them too, and wins when both are given.
    place: member(report, 'place') === undefined && region !== undefined ? field(region, 'region') : at(report, 'place', 'place'),
    placeName: at(report, 'placeName', 'placeName'),
    ubigeo: at(report, 'ubigeo', 'ubigeo'),
    zone: at(report, 'zone', 'zone'),
    latitude: coordinates === undefined ? at(report, 'latitude', 'latitude') : at(coordinates, 'lat', 'coordinates.lat'),
    longitude: coordinates === undefined ? at(report, 'longitude', 'longitude') : at(coordinates, 'lon', 'coordinates.lon'),
    coordinatesPath: coordinates === undefined ? 'latitude' : 'coordinates',
    incident: {
      incidentType: at(report, 'incidentType', 'incidentType'),
      securityForces: side('securityForces'),
      civilians: side('civilians'),
      armedGroups: side('armedGroups'),
      actors: readActors(report, problems),
      eradicatedHectares: at(report, 'eradicatedHectares', 'eradicatedHectares'),
    },
    seizure: { items: readItems(report, problems), itemsPath: 'items', arrests: at(report, 'arrests', 'arrests') },
    survey: { year: at(report, 'year', 'year'), hectares: at(report, 'hectares', 'hectares'), edition: at(report, 'edition', 'edition') },
  };
}
