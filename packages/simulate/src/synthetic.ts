import type { Region } from '@vigia/geo';
import { backgroundShare, hotspotWeights, placeCatalogue, type PlaceCatalogue } from './hotspots.ts';
import { Prng } from './prng.ts';
import { isoDate, report, type Report, type Scheduled } from './reports.ts';

export interface SyntheticOptions {
  readonly seed: number;
  /** Distinct events; duplicates, revisions and malformed records come on top. */
  readonly events: number;
  readonly firstDay: number;
  readonly lastDay: number;
  /** Share of reports that arrive 3 to `maxLateDays` days after the fact. */
  readonly lateShare: number;
  readonly maxLateDays: number;
  readonly duplicateShare: number;
  readonly revisionShare: number;
  readonly malformedShare: number;
}

/** Incident types and their weight by season: eradication runs in the dry season (May–October). */
function incidentTypeFor(prng: Prng, month: number): string {
  const dry = month >= 5 && month <= 10;
  return prng.weighted<string>([
    ['armed-clash', 10],
    ['ambush', 4],
    ['attack-on-base-or-patrol', 4],
    ['homicide', 10],
    ['kidnapping', 3],
    ['extortion', 5],
    ['eradication-operation', dry ? 25 : 6],
    ['airstrip-destroyed', 4],
    ['narco-flight', 3],
    ['lab-dismantled', 12],
    ['illegal-mining-raid', 8],
    ['illegal-logging-raid', 5],
  ]);
}

const substances: readonly (readonly [substance: string, unit: string, medianAmount: number, weight: number])[] = [
  ['clorhidrato de cocaína', 'kg', 25, 20],
  ['pasta básica de cocaína', 'kg', 40, 25],
  ['hoja de coca', 'arrobas', 60, 12],
  ['marihuana', 'kg', 30, 8],
  ['insumos químicos', 'galones', 120, 12],
  ['oro', 'g', 800, 6],
  ['mercurio', 'kg', 15, 5],
  ['madera', 'pies tablares', 3000, 7],
  ['efectivo', 'PEN', 20000, 5],
];

const incidentSources = [
  { name: 'DIRANDRO-PNP', kind: 'police' },
  { name: 'CCFFAA', kind: 'military' },
  { name: 'Andina', kind: 'press' },
  { name: 'Defensoría del Pueblo', kind: 'government' },
] as const;

const chemicals = ['kerosene', 'ácido sulfúrico', 'acetona', 'cal', 'gasolina'];

/**
 * The seeded background of field reports: incidents and seizures across the
 * hotspots, in event-time order, each scheduled to arrive on time or late, some
 * sent twice, some revised later, a few malformed. Lazy: it yields scheduled
 * records one event at a time; the caller's reorder buffer sorts arrivals.
 */
export function* syntheticSchedule(options: SyntheticOptions, places: PlaceCatalogue = placeCatalogue()): Generator<Scheduled> {
  const prng = new Prng(options.seed);
  const span = Math.max(1, options.lastDay - options.firstDay);
  const zones = hotspotWeights.filter(([zone]) => (places.byZone.get(zone)?.length ?? 0) > 0);
  let sequence = 0;
  const schedule = (arrivalDay: number, record: Scheduled['record']): Scheduled => ({ arrivalDay, sequence: sequence++, record });

  for (let i = 0; i < options.events; i++) {
    const day = options.firstDay + Math.floor((i * span) / options.events);
    const month = Number(isoDate(day).slice(5, 7));
    const district = pickDistrict(prng, places, zones);
    const eventId = `sim-${options.seed}-${i}`;
    const base = prng.chance(0.62) ? incident(prng, eventId, day, district, month) : seizure(prng, eventId, day, district);
    const delay = prng.chance(options.lateShare) ? prng.int(3, options.maxLateDays) : prng.int(0, 2);
    const arrival = day + delay;

    if (prng.chance(options.malformedShare)) {
      yield schedule(arrival, malformed(prng, base));
      continue;
    }
    yield schedule(arrival, report(base));
    if (prng.chance(options.duplicateShare)) yield schedule(arrival + prng.int(0, 7), report(base));
    if (prng.chance(options.revisionShare)) yield schedule(arrival + prng.int(1, 20), report(revise(prng, base)));
  }
}

function pickDistrict(prng: Prng, places: PlaceCatalogue, zones: readonly (readonly [string, number])[]): Region {
  if (prng.chance(backgroundShare)) return prng.pick(places.all);
  return prng.pick(places.byZone.get(prng.weighted(zones)) ?? places.all);
}

/** The district by its INEI code, with its name for people. */
function placeOf(district: Region): Report {
  return { place: district.code, placeName: district.name };
}

function incident(prng: Prng, eventId: string, day: number, district: Region, month: number): Report {
  const incidentType = incidentTypeFor(prng, month);
  const violent = ['armed-clash', 'ambush', 'attack-on-base-or-patrol', 'homicide'].includes(incidentType);
  const killed = (max: number) => (violent && prng.chance(0.35) ? prng.int(1, max) : 0);
  return {
    kind: 'incident',
    eventId,
    occurredAt: isoDate(day),
    source: prng.pick(incidentSources),
    confidence: prng.pick(['low', 'medium', 'high']),
    ...placeOf(district),
    incidentType,
    casualties: {
      securityForces: { killed: killed(2), injured: killed(3) },
      civilians: { killed: incidentType === 'homicide' ? Math.max(1, killed(2)) : killed(2) },
      armedGroups: { killed: killed(3) },
    },
    ...(incidentType === 'eradication-operation' ? { eradicatedHectares: Math.round(prng.logNormal(40, 0.8)) } : {}),
  };
}

function seizure(prng: Prng, eventId: string, day: number, district: Region): Report {
  const [substance, unit, median] = prng.weighted(substances.map((s) => [s, s[3]] as const));
  const quantity = Math.round(prng.logNormal(median, 1) * 10) / 10;
  const item = substance === 'insumos químicos' ? { substance, chemical: prng.pick(chemicals), quantity, unit } : { substance, quantity, unit };
  return {
    kind: 'seizure',
    eventId,
    occurredAt: isoDate(day),
    source: { name: 'DIRANDRO-PNP', kind: 'police' },
    confidence: 'high',
    ...placeOf(district),
    items: [item],
    arrests: prng.int(0, 4),
  };
}

/** A later, corrected version of the same report: one more revision, other figures. */
function revise(prng: Prng, base: Report): Report {
  const revision = 2;
  if (base['kind'] === 'incident') {
    const casualties = base['casualties'] as { civilians: { killed: number } };
    return { ...base, revision, casualties: { ...casualties, civilians: { killed: casualties.civilians.killed + prng.int(1, 3) } } };
  }
  const [item] = base['items'] as Report[];
  return { ...base, revision, items: [{ ...item, quantity: Math.round(Number(item?.['quantity'] ?? 1) * 1.1 * 10) / 10 }] };
}

/** Malformed input of the kinds real publishers send: broken JSON, places and units no one can resolve. */
function malformed(prng: Prng, base: Report): Scheduled['record'] {
  switch (prng.int(0, 2)) {
    case 0:
      return { kind: 'unparseable', line: JSON.stringify(base).slice(0, 40) };
    case 1:
      return report({ ...base, place: 'Villa Inexistente del Sur', placeName: 'Villa Inexistente del Sur' });
    default:
      return report({ ...base, kind: 'seizure', items: [{ substance: 'pasta básica de cocaína', quantity: 3, unit: 'cilindros' }] });
  }
}
