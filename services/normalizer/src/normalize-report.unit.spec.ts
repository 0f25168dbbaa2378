import { describe, expect, it } from 'vitest';
import { normalizeReport, type NormalizeOutcome } from './normalize-report.ts';
import { ambushReport, csvEnvelope, jsonEnvelope, seizureReport } from './testing/raw-reports.ts';

function accepted(outcome: NormalizeOutcome) {
  if (!outcome.ok) throw new Error(`expected an event, got ${outcome.reason}: ${outcome.message}`);
  return outcome.event;
}

function rejected(outcome: NormalizeOutcome) {
  if (outcome.ok) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.event)}`);
  return outcome;
}

describe('our JSON reports', () => {
  it('maps a lenient incident to the canonical event', () => {
    const event = accepted(normalizeReport(jsonEnvelope(ambushReport()), 'ce-vraem-2024-045'));
    expect(event).toEqual({
      kind: 'incident',
      eventId: 'ce-vraem-2024-045',
      revision: 1,
      occurredAt: '2024-03-14',
      precision: 'day',
      reportedAt: '2024-03-15T09:30:00-05:00',
      source: { name: 'Comando Especial VRAEM', kind: 'military', reference: 'CE-VRAEM 045-2024' },
      confidence: 'high',
      location: {
        ubigeo: '050408',
        level: 'district',
        coordinates: { lat: -12.41, lon: -73.91 },
        zone: 'zone:vraem',
        placeName: 'Llochegua, Huanta',
      },
      incidentType: 'ambush',
      casualties: {
        securityForces: { killed: 1, injured: 2 },
        civilians: { killed: 0, injured: 0 },
        armedGroups: { killed: 0, injured: 0 },
      },
      actors: [
        { name: 'Ejército del Perú', kind: 'military' },
        { name: 'Militarizado Partido Comunista del Perú', kind: 'other' },
      ],
    });
  });

  it('converts seizure quantities and keeps what was reported', () => {
    const event = accepted(normalizeReport(jsonEnvelope(seizureReport()), 'pnp-2024-77'));
    expect(event).toMatchObject({
      kind: 'seizure',
      occurredAt: '2024-02-01',
      precision: 'month',
      reportedAt: '2024-03-15T14:31:07.250Z', // none given: the envelope's receivedAt
      source: { name: 'DIRANDRO-PNP', kind: 'other' },
      confidence: 'medium',
      location: { ubigeo: '0504', level: 'province' },
      arrests: 3,
      items: [
        { substance: 'cocaine-base-paste', quantity: { value: 345.46, unit: 'kg' }, original: { value: 30.04, unit: 'arrobas' } },
        {
          substance: 'precursor-chemical',
          chemical: 'kerosene',
          quantity: { value: 416.39529624, unit: 'L' },
          original: { value: 110, unit: 'galones' },
        },
        { substance: 'cash', quantity: { value: 12000, unit: 'USD' }, original: { value: 12000, unit: 'US$' } },
      ],
    });
  });

  it('maps a cultivation survey of a monitoring zone to its year', () => {
    const survey = {
      kind: 'cultivation-survey',
      eventId: 'devida-2020-vraem',
      region: 'VRAEM',
      year: 2020,
      hectares: '26000',
      edition: 'Monitoreo de cultivos de coca 2020',
      source: { name: 'DEVIDA', kind: 'government' },
      confidence: 'high',
      reportedAt: '2021-07-01',
    };
    expect(accepted(normalizeReport(jsonEnvelope(survey), 'devida-2020-vraem'))).toEqual({
      kind: 'cultivation-survey',
      eventId: 'devida-2020-vraem',
      revision: 1,
      occurredAt: '2020-01-01',
      precision: 'year',
      reportedAt: '2021-07-01T00:00:00-05:00',
      source: { name: 'DEVIDA', kind: 'government' },
      confidence: 'high',
      region: { code: 'zone:vraem', level: 'zone' },
      year: 2020,
      hectares: 26000,
      edition: 'Monitoreo de cultivos de coca 2020',
    });
  });

  it('uses the record key as the event id when the report has none', () => {
    const { eventId: _, ...report } = ambushReport();
    expect(accepted(normalizeReport(jsonEnvelope(report), 'sha256-abc123')).eventId).toBe('sha256-abc123');
  });

  it('refuses a record keyed by something else than its event id', () => {
    const outcome = rejected(normalizeReport(jsonEnvelope(ambushReport()), 'another-key'));
    expect(outcome).toMatchObject({ reason: 'SCHEMA_INVALID', issues: [{ path: 'key' }] });
  });

  it.each([
    ['an unknown place', { place: 'Springfield' }, 'PLACE_UNKNOWN', 'record.value.place'],
    ['an ambiguous place', { place: 'Santa Rosa', zone: undefined }, 'PLACE_AMBIGUOUS', 'record.value.place'],
    ['a zone as the place', { place: 'VRAEM' }, 'PLACE_AMBIGUOUS', 'record.value.place'],
    ['a place outside the zone named', { place: 'Huaral' }, 'PLACE_UNKNOWN', 'record.value.zone'],
    ['coordinates outside Peru (swapped)', { coordinates: { lat: -73.91, lon: -12.41 } }, 'PLACE_UNKNOWN', 'record.value.coordinates'],
    ['a malformed date', { occurredAt: 'ayer' }, 'DATE_INVALID', 'record.value.occurredAt'],
    ['an impossible date', { occurredAt: '2023-02-29' }, 'DATE_INVALID', 'record.value.occurredAt'],
    ['a date over a day after its reportedAt', { occurredAt: '2024-03-17' }, 'DATE_IN_FUTURE', 'record.value.occurredAt'],
    ['a date before 1980', { occurredAt: '1979-12-31' }, 'DATE_INVALID', 'record.value.occurredAt'],
    ['reportedAt after receivedAt', { reportedAt: '2024-03-16T09:30:00-05:00' }, 'DATE_IN_FUTURE', 'record.value.reportedAt'],
    ['negative casualties', { casualties: { civilians: { killed: -1 } } }, 'QUANTITY_INVALID', 'record.value.casualties.civilians.killed'],
    ['an unknown incident type', { incidentType: 'protesta' }, 'SCHEMA_INVALID', 'record.value.incidentType'],
    ['a missing kind', { kind: undefined }, 'SCHEMA_INVALID', 'record.value.kind'],
  ])('rejects %s', (_, overrides, reason, path) => {
    const outcome = rejected(normalizeReport(jsonEnvelope(ambushReport(overrides)), 'ce-vraem-2024-045'));
    expect(outcome.reason).toBe(reason);
    expect(outcome.issues.map((issue) => issue.path)).toContain(path);
  });

  it('lists the candidates of an ambiguous place in the message', () => {
    const outcome = rejected(normalizeReport(jsonEnvelope(ambushReport({ place: 'Santa Rosa', zone: undefined })), 'ce-vraem-2024-045'));
    expect(outcome.message).toContain('Santa Rosa (district 050507, La Mar, Ayacucho)');
  });

  it.each([
    ['an unknown unit', [{ substance: 'cocaina', quantity: 3, unit: 'bolsas' }], 'UNIT_UNKNOWN'],
    ['an ambiguous currency symbol', [{ substance: 'cash', quantity: '$ 5000' }], 'UNIT_UNKNOWN'],
    ['a unit of the wrong dimension', [{ substance: 'oro', quantity: 2, unit: 'litros' }], 'UNIT_UNKNOWN'],
    ['a negative quantity', [{ substance: 'cocaina', quantity: -3, unit: 'kg' }], 'QUANTITY_INVALID'],
    ['a quantity that is not a number', [{ substance: 'cocaina', quantity: 'mucho', unit: 'kg' }], 'QUANTITY_INVALID'],
    ['an ambiguous number', [{ substance: 'cocaina', quantity: '1,500', unit: 'kg' }], 'QUANTITY_INVALID'],
    ['an implausible quantity', [{ substance: 'cocaina', quantity: 900, unit: 't' }], 'QUANTITY_INVALID'],
    ['no items', [], 'SCHEMA_INVALID'],
  ])('rejects a seizure with %s', (_, items, reason) => {
    expect(rejected(normalizeReport(jsonEnvelope(seizureReport({ items })), 'pnp-2024-77')).reason).toBe(reason);
  });

  it('reports every problem, with the most fundamental reason', () => {
    const outcome = rejected(normalizeReport(jsonEnvelope(ambushReport({ place: 'Springfield', occurredAt: 'ayer', incidentType: 'x' })), 'ce-vraem-2024-045'));
    expect(outcome.reason).toBe('SCHEMA_INVALID');
    expect(outcome.issues.map((issue) => issue.path).sort()).toEqual(['record.value.incidentType', 'record.value.occurredAt', 'record.value.place']);
    expect(outcome.message).toMatch(/^record\.value\.incidentType: .* \(and 2 more problems\)$/);
  });

  it('rejects a value that is not an object', () => {
    for (const value of [null, 3, 'text', [ambushReport()]]) {
      expect(rejected(normalizeReport(jsonEnvelope(value), 'k')).reason).toBe('SCHEMA_INVALID');
    }
  });

  it('names a chemical outside the controlled list other, keeping its name', () => {
    const items = [{ substance: 'insumos químicos', chemical: 'Bencina', quantity: '20 L' }];
    const event = accepted(normalizeReport(jsonEnvelope(seizureReport({ items })), 'pnp-2024-77'));
    expect(event).toMatchObject({ items: [{ substance: 'precursor-chemical', chemical: 'other', chemicalName: 'Bencina' }] });
  });

  it('converts timber in board feet to cubic metres', () => {
    const items = [{ substance: 'madera', quantity: '1000 pies tablares' }];
    const event = accepted(normalizeReport(jsonEnvelope(seizureReport({ items })), 'pnp-2024-77'));
    expect(event).toMatchObject({ items: [{ quantity: { value: 2.35974, unit: 'm3' } }] });
  });
});

describe('our CSV columns', () => {
  const row = {
    kind: 'seizure',
    event_id: 'pnp-csv-1',
    'Occurred At': '2024-03-02',
    source_name: 'DIRANDRO-PNP',
    source_kind: 'policía',
    department: 'Cusco',
    province: 'La Convención',
    district: 'Pichari',
    place: 'Puerto Mayo',
    substance: 'hoja de coca',
    quantity: '250',
    unit: 'arrobas',
    substance_2: 'clorhidrato de cocaína',
    quantity_2: '12.5',
    unit_2: 'kg',
    arrests: '2',
  };

  it('maps a row with two items and a structured place', () => {
    const event = accepted(normalizeReport(csvEnvelope(row), 'pnp-csv-1'));
    expect(event).toMatchObject({
      kind: 'seizure',
      occurredAt: '2024-03-02',
      source: { name: 'DIRANDRO-PNP', kind: 'police' },
      location: { ubigeo: '080910', level: 'district', placeName: 'Puerto Mayo' },
      items: [
        { substance: 'coca-leaf', quantity: { value: 2875, unit: 'kg' }, original: { value: 250, unit: 'arrobas' } },
        { substance: 'cocaine-hydrochloride', quantity: { value: 12.5, unit: 'kg' } },
      ],
      arrests: 2,
    });
  });

  it('names a place given only by its UBIGEO the way the gazetteer does', () => {
    const event = accepted(normalizeReport(csvEnvelope({ ...row, place: '', department: '', province: '', district: '', ubigeo: '050408' }), 'pnp-csv-1'));
    expect(event).toMatchObject({ location: { ubigeo: '050408', level: 'district', placeName: 'Llochegua' } });
  });

  it('names the column as the publisher wrote it', () => {
    const outcome = rejected(normalizeReport(csvEnvelope({ ...row, 'Occurred At': '31/02/2024' }), 'pnp-csv-1'));
    expect(outcome).toMatchObject({ reason: 'DATE_INVALID', issues: [{ path: 'record.columns["Occurred At"]' }] });
  });
});

describe('ACLED export rows', () => {
  const acled = {
    event_id_cnty: 'PER2871',
    event_date: '14 March 2024',
    year: '2024',
    time_precision: '1',
    event_type: 'Battles',
    sub_event_type: 'Armed clash',
    actor1: 'Military Forces of Peru (2021-)',
    inter1: '1',
    actor2: 'Militarized Communist Party of Peru',
    inter2: '2',
    country: 'Peru',
    admin1: 'Ayacucho',
    admin2: 'Huanta',
    admin3: 'Llochegua',
    location: 'Llochegua',
    latitude: '-12.4100',
    longitude: '-73.9100',
    geo_precision: '1',
    source: 'La Republica; RPP',
    notes: 'On 14 March 2024, soldiers were ambushed by MPCP members near Llochegua. 2 fatalities.',
    fatalities: '2',
    timestamp: '1710450000',
  };

  it('maps a row to an incident, refining the ACLED type with the notes', () => {
    const event = accepted(normalizeReport(csvEnvelope(acled, 'acled-csv'), 'PER2871'));
    expect(event).toMatchObject({
      kind: 'incident',
      eventId: 'PER2871',
      revision: 1710450000,
      occurredAt: '2024-03-14',
      precision: 'day',
      reportedAt: '2024-03-14T21:00:00.000Z',
      source: { name: 'ACLED', kind: 'ngo', reference: 'PER2871' },
      confidence: 'high',
      location: { ubigeo: '050408', level: 'district', placeName: 'Llochegua', coordinates: { lat: -12.41, lon: -73.91 } },
      incidentType: 'ambush',
      casualties: { armedGroups: { killed: 2, injured: 0 }, civilians: { killed: 0, injured: 0 } },
      actors: [
        { name: 'Military Forces of Peru (2021-)', kind: 'military' },
        { name: 'Militarized Communist Party of Peru', kind: 'armed-group' },
      ],
    });
    expect(event.notes).toContain('ACLED: Battles / Armed clash');
  });

  it('files fatalities of violence against civilians under civilians', () => {
    const row = { ...acled, event_type: 'Violence against civilians', sub_event_type: 'Attack', fatalities: '16', notes: '' };
    expect(accepted(normalizeReport(csvEnvelope(row, 'acled-csv'), 'PER2871'))).toMatchObject({
      incidentType: 'mass-killing',
      casualties: { civilians: { killed: 16, injured: 0 } },
    });
  });

  it('rejects a row about another country', () => {
    const outcome = rejected(normalizeReport(csvEnvelope({ ...acled, country: 'Colombia' }, 'acled-csv'), 'PER2871'));
    expect(outcome).toMatchObject({ reason: 'PLACE_UNKNOWN', issues: [{ path: 'record.columns.country' }] });
  });
});

describe('cultivation surveys', () => {
  const survey = { kind: 'survey', event_id: 'devida-2022-huallaga', year: '2022', hectares: '10.000,5', edition: 'DEVIDA 2022' };

  it('name their zone in region or zone', () => {
    for (const columns of [
      { ...survey, region: 'Alto Huallaga' },
      { ...survey, zone: 'zone:huallaga' },
    ]) {
      expect(accepted(normalizeReport(csvEnvelope(columns), 'devida-2022-huallaga'))).toMatchObject({
        kind: 'cultivation-survey',
        occurredAt: '2022-01-01',
        region: { code: 'zone:huallaga', level: 'zone' },
        hectares: 10000.5,
      });
    }
  });

  it('refuse a bare name that is a zone and places of another extent', () => {
    expect(rejected(normalizeReport(csvEnvelope({ ...survey, region: 'Huallaga' }), 'devida-2022-huallaga')).reason).toBe('PLACE_AMBIGUOUS');
  });

  it('begin in 1990 and cannot cover a year still to come', () => {
    expect(rejected(normalizeReport(csvEnvelope({ ...survey, region: 'VRAEM', year: '1985' }), 'devida-2022-huallaga')).reason).toBe('DATE_INVALID');
    expect(rejected(normalizeReport(csvEnvelope({ ...survey, region: 'VRAEM', year: '2025' }), 'devida-2022-huallaga')).reason).toBe('DATE_IN_FUTURE');
  });
});
