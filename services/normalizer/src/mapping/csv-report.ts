import { CsvRow } from './csv-columns.ts';
import { field, type Field } from './fields.ts';
import type { ItemFields, ReportFields } from './report-fields.ts';

/**
 * Our CSV columns (format `csv`), one report per row. A seizure row carries
 * its first item in `substance`, `chemical`, `quantity`, `unit` and up to nine
 * more in `substance_2` … `unit_10`; actors are `actor1`/`actor1_kind` and
 * `actor2`/`actor2_kind`. The README lists every column.
 */
export const csvColumns = [
  'kind',
  'event_id',
  'revision',
  'occurred_at',
  'precision',
  'reported_at',
  'source_name',
  'source_kind',
  'source_reference',
  'confidence',
  'notes',
  'place',
  'ubigeo',
  'department',
  'province',
  'district',
  'zone',
  'latitude',
  'longitude',
  'incident_type',
  'security_forces_killed',
  'security_forces_injured',
  'civilians_killed',
  'civilians_injured',
  'armed_groups_killed',
  'armed_groups_injured',
  'actor1',
  'actor1_kind',
  'actor2',
  'actor2_kind',
  'eradicated_hectares',
  'substance',
  'chemical',
  'quantity',
  'unit',
  'arrests',
  'region',
  'year',
  'hectares',
  'edition',
] as const;

export const maxCsvItems = 10;

function placeOf(row: CsvRow): Field {
  const parts = (['department', 'province', 'district'] as const).filter((name) => row.has(name));
  const mostPrecise = parts.at(-1);
  if (mostPrecise !== undefined) {
    // A structured place wins over free text: it cannot be misread.
    return field(Object.fromEntries(parts.map((name) => [name, row.text(name)])), row.get(mostPrecise).path);
  }
  return row.has('place') || !row.has('region') ? row.get('place') : row.get('region');
}

function items(row: CsvRow): ItemFields[] {
  const found: ItemFields[] = [];
  for (let index = 1; index <= maxCsvItems; index += 1) {
    const suffix = index === 1 ? '' : `_${index}`;
    const names = ['substance', 'chemical', 'quantity', 'unit'].map((name) => `${name}${suffix}`);
    if (index > 1 && !names.some((name) => row.has(name))) continue;
    const [substance = '', chemical = '', quantity = '', unit = ''] = names;
    if (index === 1 && !row.has(substance) && !row.has(quantity)) continue;
    found.push({ substance: row.get(substance), chemical: row.get(chemical), quantity: row.get(quantity), unit: row.get(unit) });
  }
  return found;
}

/** Reads a row of our CSV columns. */
export function readCsvReport(columns: Readonly<Record<string, string>>): ReportFields {
  const row = new CsvRow(columns);
  const actors = (['actor1', 'actor2'] as const).filter((name) => row.has(name)).map((name) => ({ name: row.get(name), kind: row.get(`${name}_kind`) }));
  return {
    kind: row.get('kind'),
    eventId: row.get('event_id'),
    revision: row.get('revision'),
    occurredAt: row.get('occurred_at'),
    precision: row.get('precision'),
    reportedAt: row.get('reported_at'),
    source: { name: row.get('source_name'), kind: row.get('source_kind'), reference: row.get('source_reference') },
    confidence: row.get('confidence'),
    notes: row.get('notes'),
    place: placeOf(row),
    // With department/province/district columns, `place` is the locality as written.
    placeName: row.get('place'),
    ubigeo: row.get('ubigeo'),
    zone: row.get('zone'),
    latitude: row.get('latitude'),
    longitude: row.get('longitude'),
    coordinatesPath: row.get('latitude').path,
    incident: {
      incidentType: row.get('incident_type'),
      securityForces: { killed: row.get('security_forces_killed'), injured: row.get('security_forces_injured') },
      civilians: { killed: row.get('civilians_killed'), injured: row.get('civilians_injured') },
      armedGroups: { killed: row.get('armed_groups_killed'), injured: row.get('armed_groups_injured') },
      actors,
      eradicatedHectares: row.get('eradicated_hectares'),
    },
    seizure: { items: items(row), itemsPath: row.get('substance').path, arrests: row.get('arrests') },
    survey: { year: row.get('year'), hectares: row.get('hectares'), edition: row.get('edition') },
  };
}
