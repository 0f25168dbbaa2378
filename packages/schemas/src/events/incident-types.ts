/**
 * The incident taxonomy and its correspondence with ACLED's event types, as
 * data: the normalizer uses it to import ACLED exports, analysts use it to
 * compare our counts with ACLED's. Ids are kebab-case and stable (they appear
 * in metric ids and rule definitions).
 */

export const incidentTypes = [
  'armed-clash',
  'ambush',
  'attack-on-base-or-patrol',
  'kidnapping',
  'homicide',
  'mass-killing',
  'extortion',
  'eradication-operation',
  'airstrip-destroyed',
  'narco-flight',
  'lab-dismantled',
  'illegal-mining-raid',
  'illegal-logging-raid',
  'other',
] as const;
export type IncidentType = (typeof incidentTypes)[number];

/** ACLED's top-level event types (ACLED Codebook, 2023 edition). */
export const acledEventTypes = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots', 'Strategic developments'] as const;
export type AcledEventType = (typeof acledEventTypes)[number];

export interface AcledCorrespondence {
  readonly eventType: AcledEventType;
  readonly subEventType: string;
  /** `exact` when ACLED's definition covers ours; `approximate` when only the usual case matches. */
  readonly fidelity: 'exact' | 'approximate';
  readonly note?: string;
}

/**
 * Our type → ACLED's (event type, sub-event type), or `null` where ACLED has
 * no counterpart (it codes political violence, not law enforcement as such).
 */
export const incidentAcledMapping: Readonly<Record<IncidentType, AcledCorrespondence | null>> = {
  'armed-clash': { eventType: 'Battles', subEventType: 'Armed clash', fidelity: 'exact' },
  ambush: {
    eventType: 'Battles',
    subEventType: 'Armed clash',
    fidelity: 'approximate',
    note: 'ACLED codes an ambush by firearms as an armed clash; one by explosives as Remote explosive/landmine/IED',
  },
  'attack-on-base-or-patrol': {
    eventType: 'Battles',
    subEventType: 'Armed clash',
    fidelity: 'approximate',
    note: 'an attack by explosives or shelling is Explosions/Remote violence in ACLED',
  },
  kidnapping: {
    eventType: 'Violence against civilians',
    subEventType: 'Abduction/forced disappearance',
    fidelity: 'exact',
  },
  homicide: {
    eventType: 'Violence against civilians',
    subEventType: 'Attack',
    fidelity: 'approximate',
    note: 'ACLED only codes killings with a political or organised-crime actor',
  },
  'mass-killing': {
    eventType: 'Violence against civilians',
    subEventType: 'Attack',
    fidelity: 'approximate',
    note: 'ACLED has no mass-killing sub-event; it is an Attack with many fatalities',
  },
  extortion: null,
  'eradication-operation': null,
  'airstrip-destroyed': {
    eventType: 'Strategic developments',
    subEventType: 'Looting/property destruction',
    fidelity: 'approximate',
  },
  'narco-flight': null,
  'lab-dismantled': {
    eventType: 'Strategic developments',
    subEventType: 'Looting/property destruction',
    fidelity: 'approximate',
  },
  'illegal-mining-raid': {
    eventType: 'Strategic developments',
    subEventType: 'Looting/property destruction',
    fidelity: 'approximate',
    note: 'when machinery (dredges, engines) is destroyed; otherwise not coded by ACLED',
  },
  'illegal-logging-raid': null,
  other: null,
};

/** Our types that correspond to an ACLED (event type, sub-event type), best match first. */
export function incidentTypesForAcled(eventType: string, subEventType: string): IncidentType[] {
  return incidentTypes.filter((type) => {
    const acled = incidentAcledMapping[type];
    return acled !== null && acled.eventType === eventType && acled.subEventType === subEventType;
  });
}
