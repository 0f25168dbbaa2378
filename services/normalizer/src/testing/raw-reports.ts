import { randomUUID } from 'node:crypto';
import type { RawFormat, RawReport } from '@vigia/schemas';

/** Test support: raw report envelopes as ingest writes them. */

export const receivedAt = '2024-03-15T14:31:07.250Z';

export function jsonEnvelope(value: unknown, overrides: Partial<RawReport> = {}): RawReport {
  return {
    type: 'report.received',
    ingestId: randomUUID(),
    batchId: '7d3f2a10-8c4b-4e5f-a6b7-c8d9e0f1a2b3',
    receivedAt,
    source: { channel: 'http', publisher: 'dirandro' },
    format: 'json',
    recordNumber: 1,
    record: { kind: 'json', value: value as never },
    ...overrides,
  };
}

export function csvEnvelope(columns: Record<string, string>, format: Extract<RawFormat, 'csv' | 'acled-csv'> = 'csv'): RawReport {
  return {
    ...jsonEnvelope(null),
    source: { channel: 'file', publisher: format === 'acled-csv' ? 'acled' : 'analyst-desk', fileName: 'reports.csv' },
    format,
    record: { kind: 'csv-row', columns },
  };
}

/** An ambush in Llochegua (Huanta, VRAEM), in our JSON shape. */
export function ambushReport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'incident',
    eventId: 'ce-vraem-2024-045',
    revision: 1,
    occurredAt: '14/03/2024',
    reportedAt: '2024-03-15T09:30:00-05:00',
    source: { name: 'Comando Especial VRAEM', kind: 'military', reference: 'CE-VRAEM 045-2024' },
    confidence: 'high',
    place: 'Llochegua, Huanta',
    zone: 'VRAEM',
    coordinates: { lat: -12.41, lon: -73.91 },
    incidentType: 'emboscada',
    casualties: { securityForces: { killed: 1, injured: 2 } },
    actors: [{ name: 'Ejército del Perú', kind: 'military' }, 'Militarizado Partido Comunista del Perú'],
    ...overrides,
  };
}

/** A seizure of base paste and kerosene in Huanta province. */
export function seizureReport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'seizure',
    eventId: 'pnp-2024-77',
    occurredAt: 'febrero 2024',
    source: 'DIRANDRO-PNP',
    place: { department: 'Ayacucho', province: 'Huanta' },
    items: [
      { substance: 'PBC', quantity: '30.04 arrobas' },
      { substance: 'kerosene', quantity: 110, unit: 'galones' },
      { substance: 'efectivo', quantity: { value: 12000, unit: 'US$' } },
    ],
    arrests: 3,
    ...overrides,
  };
}
