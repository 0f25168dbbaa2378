import { describe, expect, it } from 'vitest';
import { normalizeReport, type NormalizeOutcome } from './normalize-report.ts';
import { csvEnvelope, jsonEnvelope } from './testing/raw-reports.ts';

function regionOf(outcome: NormalizeOutcome): string | undefined {
  return outcome.ok && outcome.event.kind === 'cultivation-survey' ? outcome.event.region.code : undefined;
}

const row = { kind: 'survey', event_id: 'devida-2023-z', year: '2023', hectares: '1234', edition: 'DEVIDA 2023' };

describe('a survey that names a zone also a place', () => {
  it.each([
    ['Putumayo', ['1608', 'zone:putumayo']],
    ['Tahuamanu', ['1703', 'zone:tahuamanu']],
    ['Madre de Dios', ['17', 'zone:madre-de-dios']],
    ['Amazonas', ['01', 'zone:amazonas']],
  ])('refuses a bare %j as its region, with the candidates', (name, candidates) => {
    const outcome = normalizeReport(csvEnvelope({ ...row, region: name }), 'devida-2023-z');
    expect(outcome).toMatchObject({ ok: false, reason: 'PLACE_AMBIGUOUS', issues: [{ path: 'record.columns.region' }] });
    for (const code of candidates) expect(!outcome.ok && outcome.message, code).toContain(code);
  });

  it.each([
    ['Putumayo', 'zone:putumayo'],
    ['Tahuamanu', 'zone:tahuamanu'],
    ['Madre de Dios', 'zone:madre-de-dios'],
    ['Cotuhé', 'zone:cotuhe'],
    ['Yaguas', 'zone:yaguas'],
    ['Tigre', 'zone:tigre'],
    ['Fitzcarrald', 'zone:fitzcarrald'],
  ])('takes the zone when the zone field names %j', (name, code) => {
    expect(regionOf(normalizeReport(csvEnvelope({ ...row, zone: name }), 'devida-2023-z'))).toBe(code);
  });

  it('lets the zone field settle a region column that names both', () => {
    const both = normalizeReport(csvEnvelope({ ...row, region: 'Putumayo', zone: 'Putumayo' }), 'devida-2023-z');
    expect(regionOf(both)).toBe('zone:putumayo');
    // A zone field that is not among the candidates settles nothing.
    const other = normalizeReport(csvEnvelope({ ...row, region: 'Putumayo', zone: 'VRAEM' }), 'devida-2023-z');
    expect(other).toMatchObject({ ok: false, reason: 'PLACE_AMBIGUOUS' });
  });

  it('keeps a survey of the place when the region says which', () => {
    expect(regionOf(normalizeReport(csvEnvelope({ ...row, region: 'Provincia de Putumayo' }), 'devida-2023-z'))).toBe('1608');
    expect(regionOf(normalizeReport(csvEnvelope({ ...row, region: 'Departamento de Madre de Dios' }), 'devida-2023-z'))).toBe('17');
  });

  it('leaves incidents and seizures alone: the place stands for itself and fans out to the zone', () => {
    const seizure = {
      kind: 'seizure',
      eventId: 'pnp-1',
      occurredAt: '2024-03-10',
      place: 'Putumayo',
      items: [{ substance: 'PBC', quantity: '3 kg' }],
    };
    const outcome = normalizeReport(jsonEnvelope(seizure), 'pnp-1');
    expect(outcome.ok && outcome.event.kind === 'seizure' && outcome.event.location.ubigeo).toBe('1608');
  });
});
