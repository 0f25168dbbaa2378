import { DateStyle, formatOccurredAt } from './calendar.ts';
import type { District, Hotspot, SimIncidentType, SimSubstance } from './hotspots.ts';
import { WeightedTable, type Prng } from './prng.ts';

/**
 * Background incidents and seizures in our JSON shape, with the variety real
 * publishers show: places as "District, Province, Department", as objects or
 * as UBIGEO codes; dates in four spellings; quantities as numbers, as
 * "30.04 arrobas" or as `{ value, unit }`; Spanish and English words.
 */

export type Report = Record<string, unknown>;

const dateStyles = new WeightedTable<DateStyle>([
  [DateStyle.iso, 70],
  [DateStyle.dayFirst, 15],
  [DateStyle.spanish, 10],
  [DateStyle.month, 5],
]);
const confidences = new WeightedTable([
  ['high', 25],
  ['medium', 55],
  ['low', 10],
  ['media', 7],
  ['alta', 3],
] as const);

const incidentWords: Readonly<Record<SimIncidentType, readonly string[]>> = {
  'armed-clash': ['armed-clash', 'enfrentamiento'],
  ambush: ['ambush', 'emboscada'],
  'attack-on-base-or-patrol': ['attack-on-base-or-patrol', 'hostigamiento'],
  kidnapping: ['kidnapping', 'secuestro'],
  homicide: ['homicide', 'homicidio', 'sicariato'],
  extortion: ['extortion', 'extorsión'],
  'eradication-operation': ['eradication-operation', 'erradicación'],
  'airstrip-destroyed': ['airstrip-destroyed', 'destrucción de pista'],
  'narco-flight': ['narco-flight', 'narcovuelo'],
  'lab-dismantled': ['lab-dismantled', 'laboratorio desmantelado'],
  'illegal-mining-raid': ['illegal-mining-raid', 'minería ilegal'],
  'illegal-logging-raid': ['illegal-logging-raid', 'tala ilegal'],
  other: ['other', 'otro'],
};

interface QuantitySpec {
  readonly words: readonly string[];
  /** Typical range in the canonical unit (kg, L, m³ or the currency); sampled log-uniformly. */
  readonly min: number;
  readonly max: number;
  /** Reported unit and the factor from the canonical unit to it. */
  readonly units: readonly (readonly [unit: string, perCanonical: number])[];
}

// Cocaine stays under 1 t in the background so that only the public scenario's seizure fires `large-cocaine-seizure`.
const quantitySpecs: Readonly<Record<Exclude<SimSubstance, 'precursor-chemical'>, QuantitySpec>> = {
  'cocaine-hydrochloride': {
    words: ['cocaine-hydrochloride', 'clorhidrato de cocaína', 'cocaína'],
    min: 0.05,
    max: 900,
    units: [
      ['kg', 1],
      ['kilos', 1],
      ['gr', 1000],
    ],
  },
  'cocaine-base-paste': {
    words: ['cocaine-base-paste', 'PBC', 'pasta básica de cocaína'],
    min: 0.1,
    max: 800,
    units: [
      ['kg', 1],
      ['arrobas', 1 / 11.5],
      ['kilogramos', 1],
    ],
  },
  'coca-leaf': {
    words: ['coca-leaf', 'hoja de coca'],
    min: 10,
    max: 20_000,
    units: [
      ['kg', 1],
      ['arrobas', 1 / 11.5],
      ['t', 0.001],
    ],
  },
  marijuana: {
    words: ['marijuana', 'marihuana'],
    min: 0.05,
    max: 500,
    units: [
      ['kg', 1],
      ['gr', 1000],
    ],
  },
  gold: {
    words: ['gold', 'oro'],
    min: 0.01,
    max: 30,
    units: [
      ['kg', 1],
      ['gramos', 1000],
    ],
  },
  mercury: {
    words: ['mercury', 'mercurio'],
    min: 0.5,
    max: 200,
    units: [
      ['kg', 1],
      ['kilos', 1],
    ],
  },
  timber: {
    words: ['timber', 'madera'],
    min: 1,
    max: 500,
    units: [
      ['m3', 1],
      ['pies tablares', 1 / 0.00235974],
    ],
  },
  cash: {
    words: ['cash', 'efectivo', 'dinero'],
    min: 100,
    max: 300_000,
    units: [
      ['S/', 1],
      ['US$', 1],
      ['PEN', 1],
      ['USD', 1],
    ],
  },
};

const precursors: readonly (readonly [name: string, units: readonly string[]])[] = [
  ['kerosene', ['galones', 'litros']],
  ['ácido sulfúrico', ['litros', 'L']],
  ['acetona', ['litros', 'galones']],
  ['óxido de calcio', ['kg', 'kilos']],
  ['cal', ['kg']],
  ['carbonato de sodio', ['kg']],
  ['diésel', ['galones']],
  ['gasolina', ['galones']],
];

const militarySources = [
  { name: 'Comando Especial VRAEM', kind: 'military' },
  { name: 'Comando Conjunto de las Fuerzas Armadas', kind: 'military' },
  { name: 'Ejército del Perú', kind: 'military' },
] as const;
const policeSources = ['DIRANDRO-PNP', { name: 'DIRANDRO-PNP', kind: 'police' }, { name: 'Policía Nacional del Perú', kind: 'policía' }] as const;
const otherSources = [
  { name: 'Andina', kind: 'press' },
  { name: 'La República', kind: 'prensa' },
  { name: 'Fiscalía Especializada contra la Criminalidad Organizada', kind: 'government' },
  { name: 'FEMA Madre de Dios', kind: 'government' },
] as const;

function sourceOf(prng: Prng, hotspot: Hotspot, type: SimIncidentType | undefined): unknown {
  if (type === 'eradication-operation') return { name: 'CORAH', kind: 'government' };
  if (hotspot.militaryPresence && prng.chance(0.4)) return prng.pick(militarySources.slice(hotspot.id === 'vraem' ? 0 : 1));
  return prng.chance(0.75) ? prng.pick(policeSources) : prng.pick(otherSources);
}

/** The place in one of the shapes publishers use; all resolve to exactly this district. */
export function placeFields(prng: Prng, district: District): Report {
  const roll = prng.next();
  if (roll < 0.4) return { place: `${district.name}, ${district.province}, ${district.department}` };
  if (roll < 0.65) return { place: { department: district.department, province: district.province, district: district.name } };
  if (roll < 0.85) return { place: district.code };
  return { ubigeo: district.code, place: district.name };
}

function logUniform(prng: Prng, min: number, max: number): number {
  return Math.exp(Math.log(min) + prng.next() * (Math.log(max) - Math.log(min)));
}

function round2(value: number): number {
  return Math.max(0.01, Math.round(value * 100) / 100);
}

function quantityFields(prng: Prng, value: number, unit: string): Report {
  const roll = prng.next();
  if (roll < 0.5) return { quantity: value, unit };
  if (roll < 0.8) return { quantity: `${value} ${unit}` };
  return { quantity: { value, unit } };
}

function seizureItem(prng: Prng, substance: SimSubstance): Report {
  if (substance === 'precursor-chemical') {
    const [chemical, units] = prng.pick(precursors);
    const value = round2(logUniform(prng, 10, 5000));
    return { substance: chemical, ...quantityFields(prng, value, prng.pick(units)) };
  }
  const spec = quantitySpecs[substance];
  const [unit, factor] = prng.pick(spec.units);
  const value = round2(logUniform(prng, spec.min, spec.max) * factor);
  return { substance: prng.pick(spec.words), ...quantityFields(prng, value, unit) };
}

function casualtiesOf(prng: Prng, type: SimIncidentType): Report | undefined {
  switch (type) {
    case 'armed-clash':
      return { armedGroups: { killed: prng.int(0, 2) }, securityForces: { injured: prng.int(0, 2) } };
    case 'ambush':
      return { securityForces: { killed: prng.int(0, 2), injured: prng.int(0, 3) } };
    case 'attack-on-base-or-patrol':
      return { securityForces: { injured: prng.int(0, 3) } };
    case 'homicide':
      return { civilians: { killed: 1 } };
    case 'eradication-operation':
      return prng.chance(0.1) ? { securityForces: { injured: prng.int(1, 2) } } : undefined;
    default:
      return undefined;
  }
}

function actorsOf(prng: Prng, type: SimIncidentType, hotspot: Hotspot): unknown[] | undefined {
  if (type !== 'armed-clash' && type !== 'ambush' && type !== 'attack-on-base-or-patrol') return undefined;
  const state = hotspot.militaryPresence ? 'Ejército del Perú' : { name: 'PNP', kind: 'police' };
  const armed =
    hotspot.id === 'vraem'
      ? { name: 'Militarizado Partido Comunista del Perú', kind: 'armed-group' }
      : { name: 'organización criminal', kind: 'criminal-organization' };
  return prng.chance(0.5) ? [state, armed] : [armed];
}

/** A background incident or seizure on `day` in one of the hotspot's districts. */
export function backgroundReport(prng: Prng, eventId: string, day: number, hotspot: Hotspot): { kind: 'incident' | 'seizure'; report: Report } {
  const district = prng.pick(hotspot.districts);
  const common: Report = {
    eventId,
    revision: 1,
    occurredAt: formatOccurredAt(day, dateStyles.pick(prng)),
  };
  const zone = hotspot.zoneName !== undefined && prng.chance(0.3) ? { zone: hotspot.zoneName } : {};
  const confidence = prng.chance(0.7) ? { confidence: confidences.pick(prng) } : {};
  if (prng.chance(hotspot.incidentShare)) {
    const type = hotspot.incidentTypes.pick(prng);
    const casualties = casualtiesOf(prng, type);
    const actors = actorsOf(prng, type, hotspot);
    return {
      kind: 'incident',
      report: {
        kind: 'incident',
        ...common,
        source: sourceOf(prng, hotspot, type),
        ...confidence,
        ...placeFields(prng, district),
        ...zone,
        incidentType: prng.pick(incidentWords[type]),
        ...(casualties === undefined ? {} : { casualties }),
        ...(actors === undefined ? {} : { actors }),
        ...(type === 'eradication-operation' ? { eradicatedHectares: prng.amount(2, 150, 1) } : {}),
      },
    };
  }
  const itemCount = prng.chance(0.75) ? 1 : prng.int(2, 3);
  const items = Array.from({ length: itemCount }, () => seizureItem(prng, hotspot.substances.pick(prng)));
  const arrests = prng.chance(0.6) ? { arrests: prng.int(0, 6) } : {};
  return {
    kind: 'seizure',
    report: {
      kind: prng.chance(0.85) ? 'seizure' : prng.pick(['incautación', 'decomiso']),
      ...common,
      source: sourceOf(prng, hotspot, undefined),
      ...confidence,
      ...placeFields(prng, district),
      ...zone,
      items,
      ...arrests,
    },
  };
}

/** The next revision: more casualties, a corrected weight, one more arrest, and a note saying so. */
export function revisedReport(prng: Prng, report: Report, reportedAt: string): Report {
  const revision = (report.revision as number) + 1;
  const revised: Report = { ...report, revision, reportedAt, notes: `Actualización ${revision - 1}: cifras corregidas tras el parte ampliatorio.` };
  if (Array.isArray(report.items)) {
    revised.items = (report.items as Report[]).map((item, i) => (i === 0 ? correctedItem(prng, item) : item));
    revised.arrests = ((report.arrests as number | undefined) ?? 0) + 1;
  } else if (report.incidentType !== undefined) {
    const casualties = (report.casualties as Report | undefined) ?? {};
    const civilians = (casualties.civilians as Report | undefined) ?? {};
    revised.casualties = { ...casualties, civilians: { ...civilians, injured: ((civilians.injured as number | undefined) ?? 0) + prng.int(1, 2) } };
  }
  return revised;
}

function correctedItem(prng: Prng, item: Report): Report {
  const quantity = item.quantity;
  const scale = (value: number) => round2(value * (1 + prng.amount(0.02, 0.1)));
  if (typeof quantity === 'number') return { ...item, quantity: scale(quantity) };
  if (typeof quantity === 'string') {
    const [value = '1', ...unit] = quantity.split(' ');
    return { ...item, quantity: `${scale(Number(value))} ${unit.join(' ')}` };
  }
  const object = quantity as { value: number; unit: string };
  return { ...item, quantity: { value: scale(object.value), unit: object.unit } };
}

/** Place names that resolve to nothing in the gazetteer (checked by a test). */
export const unknownPlaces = ['Puerto Quimera', 'Nueva Atlántida del Ene', 'San Inexistente de Humo'] as const;

/** A copy of the report broken the way the malformation says; `syntax` is broken when rendered. */
export function malformedReport(prng: Prng, report: Report, malformation: string, day: number): Report {
  const broken: Report = { ...report };
  switch (malformation) {
    case 'place-unknown':
      delete broken.ubigeo;
      delete broken.zone;
      broken.place = prng.pick(unknownPlaces);
      return broken;
    case 'unit-unknown': {
      const items = broken.items as Report[];
      const [first, ...rest] = items;
      broken.items = [{ substance: first?.substance ?? 'PBC', quantity: prng.int(2, 40), unit: prng.pick(['cilindros', 'sacos', 'bolsas']) }, ...rest];
      return broken;
    }
    case 'date-invalid':
      // 30 February never exists: DATE_INVALID whatever the receive time.
      broken.occurredAt = `${formatOccurredAt(day, DateStyle.iso).slice(0, 4)}-02-30`;
      return broken;
    case 'kind-missing':
      delete broken.kind;
      return broken;
    default:
      return broken;
  }
}
