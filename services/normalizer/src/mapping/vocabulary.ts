import {
  actorKinds,
  canonicalEventKinds,
  confidenceLevels,
  incidentTypes,
  precursorChemicals,
  sourceKinds,
  substances,
  type ActorKind,
  type CanonicalEventKind,
  type Confidence,
  type IncidentType,
  type PrecursorChemical,
  type SourceKind,
  type Substance,
} from '@vigia/schemas';
import { fold } from './fold.ts';

/**
 * The words reports use for our enumerations, in Spanish and English, keyed by
 * `fold`. Canonical ids match too ("armed-clash", "armed clash"). A word not
 * here is a `SCHEMA_INVALID` with the accepted values, never a best guess.
 */

function table<T extends string>(ids: readonly T[], synonyms: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  const entries: Record<string, T> = {};
  for (const id of ids) entries[fold(id)] = id;
  for (const [word, id] of Object.entries(synonyms)) entries[fold(word)] = id;
  return entries;
}

export const kindWords = table<CanonicalEventKind>(canonicalEventKinds, {
  incidente: 'incident',
  incautacion: 'seizure',
  decomiso: 'seizure',
  comiso: 'seizure',
  survey: 'cultivation-survey',
  'coca survey': 'cultivation-survey',
  monitoreo: 'cultivation-survey',
  'monitoreo de cultivos': 'cultivation-survey',
});

export const incidentTypeWords = table<IncidentType>(incidentTypes, {
  clash: 'armed-clash',
  enfrentamiento: 'armed-clash',
  'enfrentamiento armado': 'armed-clash',
  emboscada: 'ambush',
  'ataque a base': 'attack-on-base-or-patrol',
  'ataque a patrulla': 'attack-on-base-or-patrol',
  'ataque a base o patrulla': 'attack-on-base-or-patrol',
  hostigamiento: 'attack-on-base-or-patrol',
  secuestro: 'kidnapping',
  homicidio: 'homicide',
  asesinato: 'homicide',
  sicariato: 'homicide',
  masacre: 'mass-killing',
  matanza: 'mass-killing',
  extorsion: 'extortion',
  erradicacion: 'eradication-operation',
  'operativo de erradicacion': 'eradication-operation',
  'destruccion de pista': 'airstrip-destroyed',
  'pista clandestina destruida': 'airstrip-destroyed',
  'destruccion de pista de aterrizaje': 'airstrip-destroyed',
  narcovuelo: 'narco-flight',
  narcoavioneta: 'narco-flight',
  'laboratorio desmantelado': 'lab-dismantled',
  'destruccion de laboratorio': 'lab-dismantled',
  'interdiccion minera': 'illegal-mining-raid',
  'mineria ilegal': 'illegal-mining-raid',
  'operativo contra mineria ilegal': 'illegal-mining-raid',
  'tala ilegal': 'illegal-logging-raid',
  'operativo contra tala ilegal': 'illegal-logging-raid',
  otro: 'other',
});

export const substanceWords = table<Substance>(substances, {
  cocaina: 'cocaine-hydrochloride',
  cocaine: 'cocaine-hydrochloride',
  'clorhidrato de cocaina': 'cocaine-hydrochloride',
  'cocaine hydrochloride': 'cocaine-hydrochloride',
  chc: 'cocaine-hydrochloride',
  pbc: 'cocaine-base-paste',
  'pasta basica': 'cocaine-base-paste',
  'pasta basica de cocaina': 'cocaine-base-paste',
  'cocaine base paste': 'cocaine-base-paste',
  'base paste': 'cocaine-base-paste',
  'hoja de coca': 'coca-leaf',
  'coca leaf': 'coca-leaf',
  marihuana: 'marijuana',
  cannabis: 'marijuana',
  'latex de opio': 'opium-latex',
  'opium latex': 'opium-latex',
  'insumo quimico': 'precursor-chemical',
  'insumos quimicos': 'precursor-chemical',
  'insumos quimicos fiscalizados': 'precursor-chemical',
  precursor: 'precursor-chemical',
  'precursor chemical': 'precursor-chemical',
  oro: 'gold',
  mercurio: 'mercury',
  madera: 'timber',
  wood: 'timber',
  dinero: 'cash',
  efectivo: 'cash',
  'dinero en efectivo': 'cash',
  money: 'cash',
});

export const chemicalWords = table<PrecursorChemical>(precursorChemicals, {
  kerosene: 'kerosene',
  kerosen: 'kerosene',
  queroseno: 'kerosene',
  'acido sulfurico': 'sulfuric-acid',
  'sulfuric acid': 'sulfuric-acid',
  'acido clorhidrico': 'hydrochloric-acid',
  'hydrochloric acid': 'hydrochloric-acid',
  acetona: 'acetone',
  'oxido de calcio': 'calcium-oxide',
  'cal viva': 'calcium-oxide',
  cal: 'calcium-oxide',
  'carbonato de sodio': 'sodium-carbonate',
  'permanganato de potasio': 'potassium-permanganate',
  amoniaco: 'ammonia',
  tolueno: 'toluene',
  'acetato de etilo': 'ethyl-acetate',
  'metil etil cetona': 'methyl-ethyl-ketone',
  mek: 'methyl-ethyl-ketone',
  diesel: 'diesel',
  petroleo: 'diesel', // in Peru "petróleo" at the pump is diesel
  gasolina: 'gasoline',
  otro: 'other',
});

export const sourceKindWords = table<SourceKind>(sourceKinds, {
  policia: 'police',
  pnp: 'police',
  militar: 'military',
  ffaa: 'military',
  ong: 'ngo',
  prensa: 'press',
  gobierno: 'government',
  analista: 'analyst',
  otro: 'other',
});

export const confidenceWords = table<Confidence>(confidenceLevels, { baja: 'low', media: 'medium', alta: 'high' });

export const actorKindWords = table<ActorKind>(actorKinds, {
  policia: 'police',
  militar: 'military',
  'grupo armado': 'armed-group',
  'organizacion criminal': 'criminal-organization',
  civiles: 'civilians',
  otro: 'other',
});

/** "one of a, b, c" for messages. */
export function acceptedValues(ids: readonly string[]): string {
  return `one of ${ids.join(', ')}`;
}
