import { acledEventTypes, incidentTypes } from '@vigia/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { incidentTypeOfAcled } from './acled-incident-type.ts';

describe('incidentTypeOfAcled', () => {
  it.each([
    ['Battles', 'Armed clash', 'Clashes between the army and MPCP', 0, 'armed-clash'],
    ['Battles', 'Armed clash', 'A military patrol was ambushed', 2, 'ambush'],
    ['Battles', 'Armed clash', 'MPCP attacked the counterterrorist base of Unión Mantaro', 1, 'attack-on-base-or-patrol'],
    ['Violence against civilians', 'Abduction/forced disappearance', '', 0, 'kidnapping'],
    ['Violence against civilians', 'Attack', 'A man was shot dead', 1, 'homicide'],
    ['Violence against civilians', 'Attack', 'Massacre in Vizcatán del Ene', 16, 'mass-killing'],
    ['Violence against civilians', 'Attack', 'Two people were threatened', 0, 'other'],
    ['Strategic developments', 'Looting/property destruction', 'Police destroyed a clandestine airstrip', 0, 'airstrip-destroyed'],
    ['Strategic developments', 'Looting/property destruction', 'Police destroyed a cocaine laboratory', 0, 'lab-dismantled'],
    ['Strategic developments', 'Looting/property destruction', 'Navy destroyed dredges used for illegal mining', 0, 'illegal-mining-raid'],
    ['Strategic developments', 'Looting/property destruction', 'Looting of a shop', 0, 'other'],
    ['Protests', 'Peaceful protest', 'Coca growers marched', 0, 'other'],
  ] as const)('%s / %s, %j, %d killed → %s', (eventType, subEventType, notes, fatalities, expected) => {
    expect(incidentTypeOfAcled(eventType, subEventType, notes, fatalities)).toBe(expected);
  });

  it('always gives one of our incident types', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...acledEventTypes), fc.string()), fc.string(), fc.string(), fc.nat(), (a, b, notes, killed) => {
        expect(incidentTypes).toContain(incidentTypeOfAcled(a, b, notes, killed));
      }),
    );
  });
});
