import { describe, expect, it } from 'vitest';
import { issuesOf } from '../codec/issues.ts';
import { topicExamples } from '../export/topic-examples.ts';
import { canonicalEventSchema, type CanonicalEvent } from './canonical-event.ts';
import type { CultivationSurvey } from './cultivation-survey.ts';
import type { Incident } from './incident.ts';
import { incidentAcledMapping, incidentTypes, incidentTypesForAcled } from './incident-types.ts';
import type { Seizure } from './seizure.ts';

const example = topicExamples['vigia.events.v1'];
if (example.type !== 'event.revised' || example.current.kind !== 'incident') throw new Error('fixture changed');
const incident: Incident = example.current;

const seizure: Seizure = {
  kind: 'seizure',
  eventId: 'pnp-2024-77',
  revision: 1,
  occurredAt: '2024-02-01',
  precision: 'month',
  reportedAt: '2024-02-20T12:00:00Z',
  source: { name: 'DIRANDRO-PNP', kind: 'police' },
  confidence: 'medium',
  location: { ubigeo: '0504', level: 'province' },
  items: [
    {
      substance: 'cocaine-base-paste',
      quantity: { value: 345.5, unit: 'kg' },
      original: { value: 30.04, unit: 'arrobas' },
    },
    {
      substance: 'precursor-chemical',
      chemical: 'kerosene',
      quantity: { value: 416.4, unit: 'L' },
      original: { value: 110, unit: 'galones' },
    },
    { substance: 'cash', quantity: { value: 12_000, unit: 'USD' }, original: { value: 12_000, unit: 'US$' } },
  ],
};

const survey: CultivationSurvey = {
  kind: 'cultivation-survey',
  eventId: 'unodc-devida-2020-vraem',
  revision: 1,
  occurredAt: '2020-01-01',
  precision: 'year',
  reportedAt: '2021-07-01T00:00:00-05:00',
  source: { name: 'DEVIDA', kind: 'government' },
  confidence: 'high',
  region: { code: 'zone:vraem', level: 'zone' },
  year: 2020,
  hectares: 26_000,
  edition: 'Monitoreo de cultivos de coca 2020',
};

function problems(value: unknown): string[] {
  const result = canonicalEventSchema.safeParse(value);
  return result.success ? [] : issuesOf(result.error).map((issue) => issue.path);
}

describe('canonical events', () => {
  it.each([
    ['incident', incident],
    ['seizure', seizure],
    ['cultivation survey', survey],
  ] as const)('accepts a valid %s unchanged', (_, event: CanonicalEvent) => {
    expect(canonicalEventSchema.parse(event)).toEqual(event);
  });

  it('rejects a UBIGEO whose length does not match its level', () => {
    expect(problems({ ...incident, location: { ubigeo: '0504', level: 'district' } })).toEqual(['location.ubigeo']);
  });

  it('rejects coordinates outside Peru, e.g. swapped lat/lon', () => {
    const location = { ...incident.location, coordinates: { lat: -73.86, lon: -12.55 } };
    expect(problems({ ...incident, location })).toEqual(['location.coordinates.lat', 'location.coordinates.lon']);
  });

  it('requires occurredAt to be the first day of a month or year when precision says so', () => {
    expect(problems({ ...seizure, occurredAt: '2024-02-14' })).toEqual(['occurredAt']);
    expect(problems({ ...incident, precision: 'year', occurredAt: '2024-03-01' })).toEqual(['occurredAt']);
    expect(problems({ ...incident, precision: 'year', occurredAt: '2024-01-01' })).toEqual([]);
  });

  it('rejects revision 0 and impossible dates', () => {
    expect(problems({ ...incident, revision: 0 })).toEqual(['revision']);
    expect(problems({ ...incident, occurredAt: '2023-02-29' })).toEqual(['occurredAt']);
    expect(problems({ ...incident, reportedAt: '2024-03-15 09:30' })).toEqual(['reportedAt']);
  });

  it('allows eradicated hectares only on eradication operations', () => {
    expect(problems({ ...incident, eradicatedHectares: 12 })).toEqual(['eradicatedHectares']);
    expect(problems({ ...incident, incidentType: 'eradication-operation', eradicatedHectares: 12 })).toEqual([]);
  });

  it('rejects negative casualties', () => {
    const casualties = { ...incident.casualties, civilians: { killed: -1, injured: 0 } };
    expect(problems({ ...incident, casualties })).toEqual(['casualties.civilians.killed']);
  });

  it('requires the chemical for precursors and only for them', () => {
    const [, precursor] = seizure.items;
    const { chemical: _, ...withoutChemical } = precursor!;
    expect(problems({ ...seizure, items: [withoutChemical] })).toEqual(['items[0].chemical']);
    expect(problems({ ...seizure, items: [{ ...seizure.items[0], chemical: 'acetone' }] })).toEqual(['items[0].chemical']);
  });

  it('requires a canonical unit that fits the substance', () => {
    const cocaineInLitres = { ...seizure.items[0], quantity: { value: 3, unit: 'L' } };
    const cashInKg = { ...seizure.items[2], quantity: { value: 3, unit: 'kg' } };
    const arrobas = { ...seizure.items[0], quantity: { value: 3, unit: 'arrobas' } };
    expect(problems({ ...seizure, items: [cocaineInLitres, cashInKg] })).toEqual(['items[0].quantity.unit', 'items[1].quantity.unit']);
    expect(problems({ ...seizure, items: [arrobas] })).toEqual(['items[0].quantity.unit']);
  });

  it('requires at least one seized item', () => {
    expect(problems({ ...seizure, items: [] })).toEqual(['items']);
  });

  it('requires a survey to be dated to its year', () => {
    expect(problems({ ...survey, year: 2021 })).toEqual(['occurredAt']);
    expect(problems({ ...survey, precision: 'day' })).toEqual(['occurredAt']);
  });

  it('requires a survey region whose code matches its level', () => {
    expect(problems({ ...survey, region: { code: 'zone:vraem', level: 'department' } })).toEqual(['region.code']);
    expect(problems({ ...survey, region: { code: 'PE', level: 'national' } })).toEqual([]);
  });

  it('rejects an unknown kind', () => {
    expect(problems({ ...incident, kind: 'protest' })).toEqual(['kind']);
  });
});

describe('incident ↔ ACLED mapping', () => {
  it('covers every incident type', () => {
    expect(Object.keys(incidentAcledMapping).sort()).toEqual([...incidentTypes].sort());
  });

  it('maps the types ACLED defines the same way exactly', () => {
    expect(incidentAcledMapping['armed-clash']).toMatchObject({ eventType: 'Battles', subEventType: 'Armed clash', fidelity: 'exact' });
    expect(incidentAcledMapping.kidnapping).toMatchObject({
      eventType: 'Violence against civilians',
      subEventType: 'Abduction/forced disappearance',
    });
    expect(incidentAcledMapping['narco-flight']).toBeNull();
  });

  it('finds our candidates for an ACLED pair, the exact match first', () => {
    expect(incidentTypesForAcled('Battles', 'Armed clash')).toEqual(['armed-clash', 'ambush', 'attack-on-base-or-patrol']);
    expect(incidentTypesForAcled('Protests', 'Peaceful protest')).toEqual([]);
  });
});
