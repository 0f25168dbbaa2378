import type { Report, ScenarioRecord } from './reports.ts';

export const outputFormats = ['ndjson', 'csv'] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** One NDJSON line per record; an unparseable record is written as the broken line it is. */
export function ndjsonLine(record: ScenarioRecord): string {
  return `${record.kind === 'report' ? JSON.stringify(record.report) : record.line}\n`;
}

/** Our CSV columns (services/normalizer/README.md), in the order they are written. */
export const csvColumns = [
  'kind', 'event_id', 'revision', 'occurred_at', 'source_name', 'source_kind', 'confidence', 'place', 'zone', 'notes',
  'incident_type', 'security_forces_killed', 'security_forces_injured', 'civilians_killed', 'armed_groups_killed',
  'eradicated_hectares', 'actor1', 'actor1_kind', 'substance', 'chemical', 'quantity', 'unit', 'arrests',
  'region', 'year', 'hectares', 'edition',
] as const;

export const csvHeader = `${csvColumns.join(',')}\n`;

type Row = Partial<Record<(typeof csvColumns)[number], unknown>>;

/** One CSV row in our columns. A record that is not JSON becomes a row with an impossible date. */
export function csvRow(record: ScenarioRecord): string {
  const row = record.kind === 'report' ? rowOf(record.report) : { kind: 'incident', occurred_at: '2021-02-30', notes: record.line };
  return `${csvColumns.map((column) => csvCell(row[column])).join(',')}\n`;
}

function rowOf(r: Report): Row {
  const source = r['source'] as { name?: string; kind?: string } | undefined;
  const casualties = r['casualties'] as Record<string, { killed?: number; injured?: number }> | undefined;
  const [item] = (r['items'] as Report[] | undefined) ?? [];
  const [actor] = (r['actors'] as { name: string; kind: string }[] | undefined) ?? [];
  return {
    kind: r['kind'],
    event_id: r['eventId'],
    revision: r['revision'],
    occurred_at: r['occurredAt'],
    source_name: source?.name,
    source_kind: source?.kind,
    confidence: r['confidence'],
    place: r['place'],
    zone: r['zone'],
    notes: r['notes'],
    incident_type: r['incidentType'],
    security_forces_killed: casualties?.['securityForces']?.killed,
    security_forces_injured: casualties?.['securityForces']?.injured,
    civilians_killed: casualties?.['civilians']?.killed,
    armed_groups_killed: casualties?.['armedGroups']?.killed,
    eradicated_hectares: r['eradicatedHectares'],
    actor1: actor?.name,
    actor1_kind: actor?.kind,
    substance: item?.['substance'],
    chemical: item?.['chemical'],
    quantity: item?.['quantity'],
    unit: item?.['unit'],
    arrests: r['arrests'],
    region: r['region'],
    year: r['year'],
    hectares: r['hectares'],
    edition: r['edition'],
  };
}

/** RFC 4180: quote a cell when it holds a comma, quote or line break. */
function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
