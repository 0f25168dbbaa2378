import { describe, expect, it } from 'vitest';
import { metricIdSchema } from '@vigia/schemas';
import { incident, seizure, survey } from '../testing/fixtures.ts';
import { metricsOf } from './event-metrics.ts';
import { metricCatalogue, metricKindOf } from './metric-catalogue.ts';

describe('metric extraction', () => {
  it('counts an incident by type with fatalities by side, zeros included', () => {
    const clash = incident({ type: 'armed-clash', securityKilled: 2, civiliansKilled: 1, armedGroupsKilled: 4 });
    expect(Object.fromEntries(metricsOf(clash))).toEqual({
      'incidents.count': 1,
      'incidents.armed-clash.count': 1,
      'fatalities.total': 7,
      'fatalities.security-forces': 2,
      'fatalities.civilians': 1,
      'fatalities.armed-groups': 4,
      'injuries.total': 0,
    });
  });

  it('adds eradicated hectares only for eradication operations that report them', () => {
    expect(metricsOf(incident({ type: 'eradication-operation', eradicatedHectares: 12.5 })).get('eradication.ha')).toBe(12.5);
    expect(metricsOf(incident({ type: 'eradication-operation' })).has('eradication.ha')).toBe(false);
  });

  it('counts a seizure once per substance and sums normalized quantities; precursors by unit', () => {
    const haul = seizure({
      arrests: 3,
      items: [
        { substance: 'cocaine-hydrochloride', quantity: { value: 100, unit: 'kg' }, original: { value: 100, unit: 'kg' } },
        { substance: 'cocaine-hydrochloride', quantity: { value: 20.5, unit: 'kg' }, original: { value: 20.5, unit: 'kg' } },
        { substance: 'precursor-chemical', chemical: 'kerosene', quantity: { value: 416.4, unit: 'L' }, original: { value: 110, unit: 'galones' } },
        { substance: 'precursor-chemical', chemical: 'calcium-oxide', quantity: { value: 50, unit: 'kg' }, original: { value: 50, unit: 'kg' } },
        { substance: 'cash', quantity: { value: 12_000, unit: 'USD' }, original: { value: 12_000, unit: 'US$' } },
      ],
    });
    expect(Object.fromEntries(metricsOf(haul))).toEqual({
      'seizures.count': 1,
      'seizures.cocaine-hydrochloride.count': 1,
      'seizures.cocaine-hydrochloride.kg': 120.5,
      'precursors.count': 1,
      'precursors.l': 416.4,
      'precursors.kg': 50,
      'seizures.cash.count': 1,
      'seizures.cash.usd': 12_000,
      'arrests.total': 3,
    });
  });

  it('gives a survey its hectares as a survey metric', () => {
    const metrics = metricsOf(survey({ region: 'zone:vraem', year: 2020, hectares: 26_000 }));
    expect(Object.fromEntries(metrics)).toEqual({ 'cultivation.coca.ha': 26_000 });
    expect(metricKindOf('cultivation.coca.ha')).toBe('survey');
    expect(metricKindOf('incidents.count')).toBe('daily');
  });

  it('catalogues only ids valid on the wire, each once', () => {
    const ids = metricCatalogue.map((definition) => definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(metricIdSchema.safeParse(id).success, id).toBe(true);
    expect(ids).toEqual(expect.arrayContaining(['seizures.cocaine-hydrochloride.kg', 'precursors.l', 'eradication.ha', 'incidents.ambush.count']));
  });
});
