import { dayNumber, report, type Scheduled } from './reports.ts';

/**
 * Public figures replayed so the alerts that should fire do. Sources:
 * - national coca cultivation 72,000 ha (2019) → 88,200 ha (2020), +22.5 %:
 *   US ONDCP, "ONDCP Releases Data on Coca Cultivation and Potential Cocaine
 *   Production in the Andean Region" (2021);
 * - VRAEM ≈ 20,300 ha in 2016: DEVIDA/UNODC, "Perú: Monitoreo de cultivos de
 *   coca 2016" (2017);
 * - 7.6 t of cocaine hidden in coal near Trujillo, La Libertad, August 2014:
 *   Peruvian National Police (DIRANDRO) and press reports of the seizure;
 * - the killing of 16 to 18 people in San Miguel del Ene (district of Vizcatán
 *   del Ene, Satipo, Junín, in the VRAEM) on 23 May 2021, first reported with
 *   14 dead: Peruvian Armed Forces Joint Command and press reports.
 * Zone figures for 2019–2020 other than these are illustrative, chosen so
 * one zone grows by more than 15 % and another by less.
 */
export function publicScenario(): Scheduled[] {
  const records: Scheduled[] = [];
  let sequence = 0;
  const at = (arrival: string, value: Record<string, unknown>) =>
    records.push({ arrivalDay: dayNumber(arrival), sequence: -1_000_000 + sequence++, record: report(value) });

  const survey = (eventId: string, region: string, year: number, hectares: number, edition: string, source: string) => ({
    kind: 'cultivation-survey',
    eventId,
    region,
    year,
    hectares,
    edition,
    source: { name: source, kind: 'government' },
    confidence: 'high',
  });

  at('2017-07-15', survey('devida-vraem-2016', 'zone:vraem', 2016, 20_300, 'Monitoreo de cultivos de coca 2016', 'DEVIDA/UNODC'));
  at('2018-07-15', survey('devida-vraem-2017', 'zone:vraem', 2017, 20_900, 'Monitoreo de cultivos de coca 2017 (illustrative)', 'DEVIDA/UNODC'));
  at('2020-06-30', survey('ondcp-pe-2019', 'PE', 2019, 72_000, 'ONDCP coca cultivation estimate 2019', 'US ONDCP'));
  at('2020-07-20', survey('devida-putumayo-2019', 'zone:putumayo', 2019, 2_400, 'Monitoreo 2019 (illustrative)', 'DEVIDA'));
  at('2020-07-20', survey('devida-lcl-2019', 'zone:la-convencion-lares', 2019, 12_800, 'Monitoreo 2019 (illustrative)', 'DEVIDA'));
  at('2021-03-26', survey('ondcp-pe-2020', 'PE', 2020, 88_200, 'ONDCP coca cultivation estimate 2020', 'US ONDCP'));
  at('2021-07-20', survey('devida-putumayo-2020', 'zone:putumayo', 2020, 3_100, 'Monitoreo 2020 (illustrative)', 'DEVIDA'));
  at('2021-07-20', survey('devida-lcl-2020', 'zone:la-convencion-lares', 2020, 13_300, 'Monitoreo 2020 (illustrative)', 'DEVIDA'));

  at('2014-08-29', {
    kind: 'seizure',
    eventId: 'pnp-2014-trujillo-coal',
    occurredAt: '2014-08-28',
    source: { name: 'DIRANDRO-PNP', kind: 'police' },
    confidence: 'high',
    place: 'Trujillo, Trujillo, La Libertad',
    items: [{ substance: 'clorhidrato de cocaína', quantity: 7.6, unit: 't' }],
    arrests: 3,
    notes: '7.6 t of cocaine hidden in a shipment of coal bound for export, near Trujillo.',
  });

  const massacre = (revision: number, killed: number) => ({
    kind: 'incident',
    eventId: 'ffaa-2021-05-23-vizcatan-del-ene',
    revision,
    occurredAt: '2021-05-23',
    source: { name: 'CCFFAA', kind: 'military' },
    confidence: revision === 1 ? 'medium' : 'high',
    place: 'Vizcatán del Ene, Satipo, Junín',
    zone: 'VRAEM',
    incidentType: 'mass-killing',
    casualties: { civilians: { killed } },
    actors: [{ name: 'Militarizado Partido Comunista del Perú', kind: 'armed-group' }],
    notes: `Killing of civilians in San Miguel del Ene; ${killed} dead reported (revision ${revision}).`,
  });
  at('2021-05-24', massacre(1, 14));
  at('2021-05-25', massacre(2, 16));
  at('2021-05-27', massacre(3, 18));
  return records;
}
