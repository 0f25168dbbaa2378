import { Malformation, type ScenarioRecord } from './scenario-record.ts';

/**
 * The two output formats ingest reads: NDJSON in our JSON shape, and CSV with
 * our columns (`services/normalizer/README.md`). A `syntax` record is broken
 * here: an NDJSON line cut before its closing brace, a CSV row one cell short.
 */

export const outputFormats = ['ndjson', 'csv'] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** One NDJSON line, without its line break. */
export function ndjsonLine(record: ScenarioRecord): string {
  const json = JSON.stringify(record.report);
  return record.malformation === Malformation.syntax ? json.slice(0, -1) : json;
}

/** Our CSV columns, in the order this simulator writes them (three seizure items at most). */
export const csvHeaderColumns = [
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
  'department',
  'province',
  'district',
  'place',
  'ubigeo',
  'zone',
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
  'substance_2',
  'quantity_2',
  'unit_2',
  'substance_3',
  'quantity_3',
  'unit_3',
  'arrests',
  'region',
  'year',
  'hectares',
  'edition',
] as const;
type CsvColumn = (typeof csvHeaderColumns)[number];

export function csvHeaderLine(): string {
  return csvHeaderColumns.join(',');
}

type Json = Record<string, unknown>;

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The report as our CSV columns (header → cell). */
export function csvColumnsOf(report: Readonly<Json>): Partial<Record<CsvColumn, string>> {
  const cells: Partial<Record<CsvColumn, string>> = {};
  const put = (column: CsvColumn, value: unknown) => {
    const cell = text(value);
    if (cell !== '') cells[column] = cell;
  };
  put('kind', report.kind);
  put('event_id', report.eventId);
  put('revision', report.revision);
  put('occurred_at', report.occurredAt);
  put('precision', report.precision);
  put('reported_at', report.reportedAt);
  const source = report.source;
  if (typeof source === 'string') put('source_name', source);
  else if (typeof source === 'object' && source !== null) {
    const { name, kind, reference } = source as Json;
    put('source_name', name);
    put('source_kind', kind);
    put('source_reference', reference);
  }
  put('confidence', report.confidence);
  put('notes', report.notes);
  const place = report.place;
  if (typeof place === 'object' && place !== null) {
    const { department, province, district } = place as Json;
    put('department', department);
    put('province', province);
    put('district', district);
  } else put('place', place);
  put('ubigeo', report.ubigeo);
  put('zone', report.zone);
  put('incident_type', report.incidentType);
  const casualties = (report.casualties ?? {}) as Record<string, Json | undefined>;
  put('security_forces_killed', casualties.securityForces?.killed);
  put('security_forces_injured', casualties.securityForces?.injured);
  put('civilians_killed', casualties.civilians?.killed);
  put('civilians_injured', casualties.civilians?.injured);
  put('armed_groups_killed', casualties.armedGroups?.killed);
  put('armed_groups_injured', casualties.armedGroups?.injured);
  const actors = Array.isArray(report.actors) ? (report.actors as unknown[]) : [];
  actors.slice(0, 2).forEach((actor, i) => {
    const [nameColumn, kindColumn] = i === 0 ? (['actor1', 'actor1_kind'] as const) : (['actor2', 'actor2_kind'] as const);
    if (typeof actor === 'string') put(nameColumn, actor);
    else {
      put(nameColumn, (actor as Json).name);
      put(kindColumn, (actor as Json).kind);
    }
  });
  put('eradicated_hectares', report.eradicatedHectares);
  const items = Array.isArray(report.items) ? (report.items as Json[]) : [];
  items.slice(0, 3).forEach((item, i) => {
    const suffix = i === 0 ? '' : `_${i + 1}`;
    put(`substance${suffix}` as CsvColumn, item.substance);
    const quantity = item.quantity;
    if (typeof quantity === 'object' && quantity !== null) {
      put(`quantity${suffix}` as CsvColumn, (quantity as Json).value);
      put(`unit${suffix}` as CsvColumn, (quantity as Json).unit);
    } else {
      put(`quantity${suffix}` as CsvColumn, quantity);
      put(`unit${suffix}` as CsvColumn, item.unit);
    }
  });
  put('arrests', report.arrests);
  put('region', report.region);
  put('year', report.year);
  put('hectares', report.hectares);
  put('edition', report.edition);
  return cells;
}

/** One CSV data row, without its line break. */
export function csvRow(record: ScenarioRecord): string {
  const cells = csvColumnsOf(record.report);
  const row = csvHeaderColumns.map((column) => csvCell(cells[column] ?? ''));
  return (record.malformation === Malformation.syntax ? row.slice(0, -1) : row).join(',');
}
