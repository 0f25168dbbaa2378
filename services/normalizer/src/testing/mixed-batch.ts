import { randomUUID } from 'node:crypto';
import type { OutgoingRecord } from '@vigia/bus';
import { cloudEventHeaders, cloudEventTypeOf, encodeJson, type RawReport } from '@vigia/schemas';
import { ambushReport, csvEnvelope, jsonEnvelope, seizureReport } from './raw-reports.ts';

/**
 * The acceptance scenario: a mixed batch of raw records — valid reports in
 * every format, malformed ones, unknown and ambiguous places, a duplicate and
 * a chain of revisions — with exactly what each must become.
 */

export interface ScenarioRecord {
  readonly key: string | null;
  readonly value: Uint8Array | null;
  /** `event.recorded <id>@<revision>`, `event.revised <id>@<revision>` or `DLQ <REASON>`. */
  readonly expected: string;
}

const encoder = new TextEncoder();

export function massKilling(revision: number, killed: number, receivedAt = '2024-03-15T14:31:07.250Z'): RawReport {
  return jsonEnvelope(
    {
      kind: 'incident',
      eventId: 'vizcatan-2023-05',
      revision,
      occurredAt: '2023-05-21',
      source: { name: 'Comando Especial VRAEM', kind: 'military' },
      place: { department: 'Junín', province: 'Satipo', district: 'Vizcatán del Ene' },
      incidentType: 'masacre',
      casualties: { civilians: { killed } },
      notes: `${killed} civilians killed`,
    },
    { receivedAt },
  );
}

const acledRow = {
  event_id_cnty: 'PER2871',
  event_date: '14 March 2024',
  time_precision: '1',
  event_type: 'Battles',
  sub_event_type: 'Armed clash',
  actor1: 'Military Forces of Peru (2021-)',
  actor2: 'Militarized Communist Party of Peru',
  inter2: '2',
  country: 'Peru',
  admin1: 'Ayacucho',
  admin2: 'Huanta',
  admin3: 'Llochegua',
  location: 'Llochegua',
  geo_precision: '1',
  notes: 'Soldiers were ambushed near Llochegua.',
  fatalities: '2',
  timestamp: '1710450000',
};

const csvRow = {
  kind: 'seizure',
  event_id: 'pnp-csv-1',
  occurred_at: '2024-03-02',
  source_name: 'DIRANDRO-PNP',
  source_kind: 'police',
  department: 'Cusco',
  province: 'La Convención',
  district: 'Pichari',
  substance: 'hoja de coca',
  quantity: '250',
  unit: 'arrobas',
};

const json = (report: RawReport) => encodeJson(report);

/** The first batch: 16 raw records → 7 canonical changes + 9 DLQ records. */
export function mixedBatch(): ScenarioRecord[] {
  return [
    { key: 'ce-vraem-2024-045', value: json(jsonEnvelope(ambushReport())), expected: 'event.recorded ce-vraem-2024-045@1' },
    { key: 'pnp-2024-77', value: json(jsonEnvelope(seizureReport())), expected: 'event.recorded pnp-2024-77@1' },
    { key: 'PER2871', value: json(csvEnvelope(acledRow, 'acled-csv')), expected: 'event.recorded PER2871@1710450000' },
    { key: 'pnp-csv-1', value: json(csvEnvelope(csvRow)), expected: 'event.recorded pnp-csv-1@1' },
    { key: 'malformed-1', value: encoder.encode('{"type":"report.received", oops'), expected: 'DLQ JSON_MALFORMED' },
    { key: 'not-an-envelope', value: encodeJson({ hello: 'world' }), expected: 'DLQ SCHEMA_INVALID' },
    {
      key: 'unknown-place-1',
      value: json(jsonEnvelope(ambushReport({ eventId: 'unknown-place-1', place: 'Springfield' }))),
      expected: 'DLQ PLACE_UNKNOWN',
    },
    {
      key: 'ambiguous-1',
      value: json(jsonEnvelope(ambushReport({ eventId: 'ambiguous-1', place: 'Santa Rosa', zone: undefined }))),
      expected: 'DLQ PLACE_AMBIGUOUS',
    },
    {
      key: 'ce-vraem-2024-045',
      value: json(jsonEnvelope(ambushReport(), { receivedAt: '2024-03-16T10:00:00Z', ingestId: randomUUID() })),
      expected: 'DLQ DUPLICATE_REPORT',
    },
    { key: 'vizcatan-2023-05', value: json(massKilling(1, 14)), expected: 'event.recorded vizcatan-2023-05@1' },
    { key: 'vizcatan-2023-05', value: json(massKilling(2, 16)), expected: 'event.revised vizcatan-2023-05@2' },
    { key: 'vizcatan-2023-05', value: json(massKilling(3, 18)), expected: 'event.revised vizcatan-2023-05@3' },
    { key: 'vizcatan-2023-05', value: json(massKilling(2, 17)), expected: 'DLQ REVISION_STALE' },
    { key: 'tombstone-1', value: null, expected: 'DLQ VALUE_MISSING' },
    {
      key: 'bad-unit-1',
      value: json(jsonEnvelope(seizureReport({ eventId: 'bad-unit-1', items: [{ substance: 'cocaina', quantity: 3, unit: 'bolsas' }] }))),
      expected: 'DLQ UNIT_UNKNOWN',
    },
    {
      key: 'future-1',
      value: json(jsonEnvelope(ambushReport({ eventId: 'future-1', occurredAt: '2024-04-01' }))),
      expected: 'DLQ DATE_IN_FUTURE',
    },
  ];
}

/** After a restart: the state must come back from the canonical topic. */
export function afterRestart(): ScenarioRecord[] {
  return [
    { key: 'vizcatan-2023-05', value: json(massKilling(3, 18, '2024-03-20T00:00:00Z')), expected: 'DLQ DUPLICATE_REPORT' },
    { key: 'vizcatan-2023-05', value: json(massKilling(4, 20, '2024-03-21T00:00:00Z')), expected: 'event.revised vizcatan-2023-05@4' },
    { key: 'pnp-2024-77', value: json(jsonEnvelope(seizureReport({ arrests: 4 }))), expected: 'DLQ REVISION_STALE' },
  ];
}

/** The records to produce to the raw topic, with the CloudEvents headers ingest writes. */
export function rawRecords(rawTopic: string, scenario: readonly ScenarioRecord[]): OutgoingRecord[] {
  return scenario.map((record, index) => ({
    topic: rawTopic,
    key: record.key,
    value: record.value,
    headers: cloudEventHeaders({
      id: `ingest-${randomUUID()}`,
      source: '/vigia/ingest',
      type: cloudEventTypeOf(rawTopic, 'report.received'),
      time: new Date(Date.UTC(2024, 2, 15, 14, 31, index)),
    }),
  }));
}
