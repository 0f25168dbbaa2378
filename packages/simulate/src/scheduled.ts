import { dayOfIsoDate, yearOfDay } from './calendar.ts';
import type { Report } from './report-factory.ts';
import type { Prng } from './prng.ts';

/**
 * Records pinned to a day of the timeline rather than drawn from the daily
 * mix: coca surveys, and the public events of the `peru-public` scenario with
 * their revision chains. There are a few hundred at most, whatever `count`.
 */
export interface ScheduledVersion {
  /** Arrival, minutes since 1970 in Peru time. */
  readonly arrivalMinute: number;
  readonly report: Report;
}

export interface ScheduledEvent {
  readonly day: number;
  readonly kind: 'incident' | 'seizure' | 'cultivation-survey';
  readonly eventId: string;
  readonly known?: string;
  /** Revision 1 first; each later version has a higher revision and a later arrival. */
  readonly versions: readonly ScheduledVersion[];
}

function dayOf(iso: string): number {
  const day = dayOfIsoDate(iso);
  if (day === undefined) throw new RangeError(`not a date: ${iso}`);
  return day;
}

function minuteOf(isoDateTime: string): number {
  // `2021-05-24T10:00` in Peru time: the same arithmetic as the formatter, reversed.
  return Date.parse(`${isoDateTime}:00Z`) / 60_000;
}

function version(reportedAtLocal: string, report: Report): ScheduledVersion {
  return { arrivalMinute: minuteOf(reportedAtLocal), report: { ...report, reportedAt: `${reportedAtLocal}:00-05:00` } };
}

/**
 * Simulated coca-survey base figures (ha) per monitoring zone: magnitudes of
 * the order DEVIDA reports, not its figures. Each year moves by −20 % … +30 %.
 */
const surveyBaseHectares: readonly (readonly [zone: string, hectares: number])[] = [
  ['vraem', 20_000],
  ['la-convencion-lares', 11_000],
  ['huallaga', 3_000],
  ['bajo-huallaga', 600],
  ['putumayo', 2_000],
  ['inambari-tambopata', 3_000],
  ['san-gaban', 400],
  ['kosnipata', 300],
  ['camanti', 200],
  ['madre-de-dios', 400],
  ['aguaytia', 1_500],
  ['pichis-palcazu-pachitea', 2_000],
  ['maranon', 800],
  ['alto-chicama', 500],
  ['triple-frontera', 3_000],
  ['bajo-amazonas', 1_500],
  ['contamana', 600],
  ['calleria', 2_000],
  ['bajo-ucayali', 1_500],
];

/**
 * Baseline surveys: one figure per zone and the nation for every year whose
 * report is published (30 June of the next year) inside [fromDay, toDay].
 */
export function simulatedSurveys(prng: Prng, seedTag: string, fromDay: number, toDay: number): ScheduledEvent[] {
  const events: ScheduledEvent[] = [];
  const current = new Map(surveyBaseHectares);
  for (let year = yearOfDay(fromDay) - 1; year <= yearOfDay(toDay); year += 1) {
    const published = dayOf(`${year + 1}-06-30`);
    let national = 0;
    const yearEvents: ScheduledEvent[] = [];
    for (const [zone, hectares] of current) {
      const next = Math.max(10, Math.round(hectares * (0.8 + prng.next() * 0.5)));
      current.set(zone, next);
      national += next;
      yearEvents.push(surveyEvent(`sim-${seedTag}-survey-${zone}-${year}`, published, { zone: `zone:${zone}` }, year, next));
    }
    // The zones cover most, not all, of the national area.
    yearEvents.push(surveyEvent(`sim-${seedTag}-survey-pe-${year}`, published, { region: 'PE' }, year, Math.round(national * 1.04)));
    if (published >= fromDay && published <= toDay) events.push(...yearEvents);
  }
  return events;
}

function surveyEvent(eventId: string, day: number, where: Report, year: number, hectares: number): ScheduledEvent {
  const report: Report = {
    kind: 'cultivation-survey',
    eventId,
    revision: 1,
    ...where,
    year,
    hectares,
    edition: `Monitoreo de cultivos de coca ${year} (simulado)`,
    source: { name: 'DEVIDA', kind: 'government' },
  };
  return {
    day,
    kind: 'cultivation-survey',
    eventId,
    versions: [{ arrivalMinute: day * 1440 + 600, report: { ...report, reportedAt: `${isoOf(day)}T10:00:00-05:00` } }],
  };
}

function isoOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The public events of `peru-public`; sources in the package README. */
export function publicEvents(): ScheduledEvent[] {
  const huanchaco: Report = {
    kind: 'seizure',
    eventId: 'pe-dirandro-2014-huanchaco-coal',
    revision: 1,
    occurredAt: '2014-08-26',
    precision: 'day',
    source: { name: 'DIRANDRO-PNP', kind: 'police', reference: 'Reuters 2014-08-28; Andina 2014-08-27' },
    confidence: 'high',
    ubigeo: '130104',
    place: 'Huanchaco, Trujillo, La Libertad',
    items: [{ substance: 'clorhidrato de cocaína', quantity: '3 t' }],
    arrests: 8,
    notes: 'Cocaína oculta en bloques de carbón en un almacén de Huanchaco, destinada a España y Bélgica.',
  };
  const massacre: Report = {
    kind: 'incident',
    eventId: 'pe-vraem-2021-05-23-vizcatan-del-ene',
    revision: 1,
    occurredAt: '2021-05-23',
    precision: 'day',
    source: { name: 'Comando Conjunto de las Fuerzas Armadas', kind: 'military', reference: 'Comunicado CCFFAA 23-05-2021' },
    confidence: 'high',
    ubigeo: '120609',
    place: 'San Miguel del Ene, Vizcatán del Ene, Satipo, Junín',
    zone: 'VRAEM',
    incidentType: 'masacre',
    casualties: { civilians: { killed: 14 } },
    actors: [{ name: 'Militarizado Partido Comunista del Perú', kind: 'armed-group' }],
    notes: 'Matanza en el anexo San Miguel del Ene, distrito de Vizcatán del Ene (Satipo, Junín).',
  };
  const survey = (
    eventId: string,
    where: Report,
    year: number,
    hectares: number,
    edition: string,
    source: Report,
    reportedAt: string,
    known?: string,
  ): ScheduledEvent => {
    const report: Report = { kind: 'cultivation-survey', eventId, revision: 1, ...where, year, hectares, edition, source };
    return {
      day: dayOf(reportedAt.slice(0, 10)),
      kind: 'cultivation-survey',
      eventId,
      ...(known === undefined ? {} : { known }),
      versions: [version(reportedAt, report)],
    };
  };
  const devida = { name: 'DEVIDA/UNODC', kind: 'government' };
  const simulatedDevida = { name: 'DEVIDA/UNODC (cifra simulada)', kind: 'analyst' };
  const ondcp = { name: 'US ONDCP', kind: 'government' };
  // Zone pairs 2015 → 2016: VRAEM 2016 is the published figure; the rest are simulated around it,
  // some above the 15 % growth threshold (Huallaga, Putumayo, Aguaytía), some below.
  const zonePairs: readonly (readonly [zone: string, ha2015: number, ha2016: number])[] = [
    ['la-convencion-lares', 10_500, 10_900],
    ['huallaga', 1_900, 2_300],
    ['putumayo', 600, 900],
    ['inambari-tambopata', 3_100, 3_400],
    ['aguaytia', 950, 1_250],
    ['pichis-palcazu-pachitea', 800, 850],
  ];
  const events: ScheduledEvent[] = [
    {
      day: dayOf('2014-08-26'),
      kind: 'seizure',
      eventId: huanchaco.eventId as string,
      known: 'huanchaco-coal-2014',
      versions: [
        version('2014-08-26T21:00', huanchaco),
        version('2014-08-28T12:00', { ...huanchaco, revision: 2, items: [{ substance: 'clorhidrato de cocaína', quantity: '6.5 t' }] }),
        version('2014-09-03T12:00', { ...huanchaco, revision: 3, items: [{ substance: 'clorhidrato de cocaína', quantity: '7.6 t' }] }),
      ],
    },
    survey(
      'pe-devida-2015-vraem',
      { zone: 'zone:vraem' },
      2015,
      19_200,
      'Monitoreo de cultivos de coca 2015 (cifra simulada)',
      simulatedDevida,
      '2016-07-15T10:00',
    ),
    ...zonePairs.map(([zone, ha]) =>
      survey(
        `pe-devida-2015-${zone}`,
        { zone: `zone:${zone}` },
        2015,
        ha,
        'Monitoreo de cultivos de coca 2015 (cifra simulada)',
        simulatedDevida,
        '2016-07-15T10:00',
      ),
    ),
    survey('pe-devida-2016-vraem', { zone: 'zone:vraem' }, 2016, 20_300, 'Perú: Monitoreo de cultivos de coca 2016', devida, '2017-07-14T10:00', 'vraem-2016'),
    ...zonePairs.map(([zone, , ha]) =>
      survey(
        `pe-devida-2016-${zone}`,
        { zone: `zone:${zone}` },
        2016,
        ha,
        'Monitoreo de cultivos de coca 2016 (cifra simulada)',
        simulatedDevida,
        '2017-07-14T10:00',
      ),
    ),
    survey('pe-ondcp-2019-national', { region: 'PE' }, 2019, 72_000, 'ONDCP coca cultivation estimate 2019', ondcp, '2020-06-26T10:00', 'national-2019'),
    survey('pe-ondcp-2020-national', { region: 'PE' }, 2020, 88_200, 'ONDCP coca cultivation estimate 2020', ondcp, '2021-07-16T10:00', 'national-2020'),
    {
      day: dayOf('2021-05-23'),
      kind: 'incident',
      eventId: massacre.eventId as string,
      known: 'vizcatan-del-ene-2021',
      versions: [
        version('2021-05-24T09:00', massacre),
        version('2021-05-25T18:00', { ...massacre, revision: 2, casualties: { civilians: { killed: 16 } } }),
        version('2021-05-28T12:00', { ...massacre, revision: 3, casualties: { civilians: { killed: 18 } } }),
      ],
    },
  ];
  return events.sort((a, b) => a.day - b.day);
}
