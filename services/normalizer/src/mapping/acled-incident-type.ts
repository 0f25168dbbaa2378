import { incidentAcledMapping, incidentTypesForAcled, type IncidentType } from '@vigia/schemas';
import { fold } from './fold.ts';

/**
 * ACLED's (event type, sub-event type) → our incident type, with the
 * correspondence table of `@vigia/schemas` (`incidentAcledMapping`). Where
 * several of our types share an ACLED pair, the row's notes decide by keyword
 * (Spanish and English), then the exact correspondence; where ACLED's pair is
 * only an approximation and nothing in the notes says which, the type is
 * `other` rather than a guess.
 */

/** Words in ACLED notes that single out one of our types among its candidates. */
export const acledKeywords: Partial<Readonly<Record<IncidentType, readonly string[]>>> = {
  ambush: ['ambush', 'ambushed', 'emboscada', 'emboscaron'],
  'attack-on-base-or-patrol': ['base', 'patrol', 'patrulla', 'outpost', 'checkpoint', 'puesto'],
  'airstrip-destroyed': ['airstrip', 'landing strip', 'pista', 'runway'],
  'lab-dismantled': ['laboratory', 'lab', 'laboratorio', 'maceration', 'maceracion'],
  'illegal-mining-raid': ['mining', 'miners', 'dredge', 'dredges', 'draga', 'dragas', 'mineria'],
  'mass-killing': ['massacre', 'masacre'],
};

/**
 * Four or more killed, the perpetrators not counted: the usual research
 * definition of a mass killing (e.g. the U.S. Congressional Research Service's).
 */
export const massKillingMinFatalities = 4;

function mentions(notes: string, words: readonly string[]): boolean {
  const text = ` ${fold(notes)} `;
  return words.some((word) => text.includes(` ${fold(word)} `));
}

/** Our incident type for an ACLED row. */
export function incidentTypeOfAcled(eventType: string, subEventType: string, notes: string, fatalities: number): IncidentType {
  const candidates = incidentTypesForAcled(eventType.trim(), subEventType.trim());
  if (candidates.length === 0) return 'other';
  if (candidates.includes('homicide') || candidates.includes('mass-killing')) {
    if (fatalities >= massKillingMinFatalities || mentions(notes, acledKeywords['mass-killing'] ?? [])) return 'mass-killing';
    return fatalities > 0 ? 'homicide' : 'other';
  }
  const byKeyword = candidates.find((type) => mentions(notes, acledKeywords[type] ?? []));
  if (byKeyword !== undefined) return byKeyword;
  return candidates.find((type) => incidentAcledMapping[type]?.fidelity === 'exact') ?? 'other';
}
