import { listRegions, zonesContaining, type Region } from '@vigia/geo';

/**
 * Where reports come from: the monitoring zones of Peru's coca economy and
 * illegal mining, weighted roughly by their share of incidents and seizures in
 * public reporting (DEVIDA, UNODC, press), and a thin background elsewhere.
 */
export const hotspotWeights: readonly (readonly [zone: string, weight: number])[] = [
  ['zone:vraem', 30],
  ['zone:huallaga', 12],
  ['zone:bajo-huallaga', 5],
  ['zone:putumayo', 6],
  ['zone:la-convencion-lares', 6],
  ['zone:inambari-tambopata', 6],
  ['zone:madre-de-dios', 6],
  ['zone:san-gaban', 4],
  ['zone:aguaytia', 4],
  ['zone:pichis-palcazu-pachitea', 4],
  ['zone:bajo-amazonas', 4],
  ['zone:triple-frontera', 3],
  ['zone:maranon', 2],
];

/** Share of reports from districts outside every hotspot. */
export const backgroundShare = 0.08;

export interface PlaceCatalogue {
  /** Districts of each hotspot zone, in code order. */
  readonly byZone: ReadonlyMap<string, readonly Region[]>;
  /** Every district of Peru, for the background. */
  readonly all: readonly Region[];
}

/** Districts per hotspot, computed once from the gazetteer. */
export function placeCatalogue(): PlaceCatalogue {
  const all = listRegions('district');
  const byZone = new Map<string, Region[]>();
  for (const district of all) {
    for (const zone of zonesContaining(district.code)) {
      const list = byZone.get(zone.code) ?? [];
      list.push(district);
      byZone.set(zone.code, list);
    }
  }
  return { byZone, all };
}
