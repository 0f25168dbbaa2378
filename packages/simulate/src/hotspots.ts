import { childrenOf, regionByCode, zoneDefinition, type Region } from '@vigia/geo';
import { WeightedTable } from './prng.ts';

/**
 * Where simulated events happen and what happens there: each hotspot is a set
 * of real INEI districts (from `@vigia/geo` zones and provinces), a share of
 * the stream, and its own mix of incident types and seized substances. The
 * weights are illustrative, drawn from the kind of news and DEVIDA reporting
 * each area produces (mining raids in Madre de Dios, eradication in the
 * Huallaga, clashes and laboratories in the VRAEM), not fitted to data.
 */

export type SimSubstance =
  | 'cocaine-hydrochloride'
  | 'cocaine-base-paste'
  | 'coca-leaf'
  | 'marijuana'
  | 'precursor-chemical'
  | 'gold'
  | 'mercury'
  | 'timber'
  | 'cash';

export type SimIncidentType =
  | 'armed-clash'
  | 'ambush'
  | 'attack-on-base-or-patrol'
  | 'kidnapping'
  | 'homicide'
  | 'extortion'
  | 'eradication-operation'
  | 'airstrip-destroyed'
  | 'narco-flight'
  | 'lab-dismantled'
  | 'illegal-mining-raid'
  | 'illegal-logging-raid'
  | 'other';

export interface District {
  readonly code: string;
  readonly name: string;
  readonly province: string;
  readonly department: string;
}

export interface Hotspot {
  readonly id: string;
  readonly name: string;
  readonly districts: readonly District[];
  /** How reports name the zone when they do (`zone` field); absent when the hotspot is not one zone. */
  readonly zoneName?: string;
  readonly incidentShare: number;
  readonly incidentTypes: WeightedTable<SimIncidentType>;
  readonly substances: WeightedTable<SimSubstance>;
  readonly militaryPresence: boolean;
}

interface HotspotSpec {
  readonly id: string;
  readonly name: string;
  readonly weight: number;
  /** Zone ids (`zone:<id>` members) and INEI province or district codes. */
  readonly zones?: readonly string[];
  readonly codes?: readonly string[];
  readonly zoneName?: string;
  readonly incidentShare: number;
  readonly incidentTypes: readonly (readonly [SimIncidentType, number])[];
  readonly substances: readonly (readonly [SimSubstance, number])[];
  readonly militaryPresence?: boolean;
}

const specs: readonly HotspotSpec[] = [
  {
    id: 'vraem',
    name: 'VRAEM',
    weight: 30,
    zones: ['vraem'],
    zoneName: 'VRAEM',
    incidentShare: 0.5,
    militaryPresence: true,
    incidentTypes: [
      ['armed-clash', 20],
      ['ambush', 8],
      ['attack-on-base-or-patrol', 8],
      ['lab-dismantled', 18],
      ['airstrip-destroyed', 4],
      ['narco-flight', 3],
      ['homicide', 8],
      ['extortion', 5],
      ['kidnapping', 2],
      ['eradication-operation', 3],
      ['other', 3],
    ],
    substances: [
      ['cocaine-base-paste', 35],
      ['cocaine-hydrochloride', 20],
      ['coca-leaf', 10],
      ['precursor-chemical', 25],
      ['cash', 5],
      ['marijuana', 5],
    ],
  },
  {
    id: 'huallaga',
    name: 'Alto Huallaga',
    weight: 14,
    zones: ['huallaga'],
    zoneName: 'Alto Huallaga',
    incidentShare: 0.55,
    incidentTypes: [
      ['eradication-operation', 35],
      ['lab-dismantled', 20],
      ['airstrip-destroyed', 5],
      ['homicide', 10],
      ['armed-clash', 5],
      ['extortion', 8],
      ['other', 5],
    ],
    substances: [
      ['cocaine-base-paste', 35],
      ['coca-leaf', 25],
      ['precursor-chemical', 20],
      ['cocaine-hydrochloride', 10],
      ['marijuana', 10],
    ],
  },
  {
    id: 'putumayo',
    name: 'Putumayo',
    weight: 6,
    zones: ['putumayo'],
    zoneName: 'zone:putumayo',
    incidentShare: 0.5,
    militaryPresence: true,
    incidentTypes: [
      ['eradication-operation', 30],
      ['lab-dismantled', 15],
      ['kidnapping', 8],
      ['armed-clash', 8],
      ['illegal-logging-raid', 10],
      ['homicide', 10],
      ['other', 5],
    ],
    substances: [
      ['cocaine-base-paste', 30],
      ['coca-leaf', 25],
      ['precursor-chemical', 20],
      ['timber', 10],
      ['cash', 5],
      ['marijuana', 10],
    ],
  },
  {
    id: 'madre-de-dios',
    name: 'Madre de Dios',
    weight: 10,
    codes: ['1701', '1702', '1703'],
    incidentShare: 0.55,
    incidentTypes: [
      ['illegal-mining-raid', 50],
      ['illegal-logging-raid', 15],
      ['homicide', 10],
      ['extortion', 8],
      ['kidnapping', 4],
      ['other', 5],
    ],
    substances: [
      ['gold', 25],
      ['mercury', 30],
      ['timber', 15],
      ['cash', 10],
      ['precursor-chemical', 20],
    ],
  },
  {
    id: 'puno',
    name: 'Puno',
    weight: 7,
    codes: ['2112', '210309', '2113', '2105'],
    incidentShare: 0.4,
    incidentTypes: [
      ['illegal-mining-raid', 30],
      ['lab-dismantled', 10],
      ['eradication-operation', 10],
      ['homicide', 10],
      ['narco-flight', 5],
      ['other', 10],
    ],
    substances: [
      ['cocaine-hydrochloride', 20],
      ['cocaine-base-paste', 20],
      ['coca-leaf', 15],
      ['gold', 15],
      ['mercury', 15],
      ['cash', 10],
      ['precursor-chemical', 5],
    ],
  },
  {
    id: 'ucayali',
    name: 'Ucayali',
    weight: 10,
    zones: ['aguaytia', 'calleria', 'bajo-ucayali'],
    incidentShare: 0.5,
    incidentTypes: [
      ['illegal-logging-raid', 25],
      ['narco-flight', 12],
      ['airstrip-destroyed', 15],
      ['lab-dismantled', 12],
      ['eradication-operation', 12],
      ['homicide', 10],
      ['other', 5],
    ],
    substances: [
      ['cocaine-base-paste', 30],
      ['cocaine-hydrochloride', 15],
      ['timber', 25],
      ['precursor-chemical', 15],
      ['cash', 5],
      ['coca-leaf', 10],
    ],
  },
  {
    id: 'loreto',
    name: 'Loreto',
    weight: 9,
    zones: ['triple-frontera', 'bajo-amazonas', 'contamana'],
    incidentShare: 0.5,
    incidentTypes: [
      ['illegal-logging-raid', 20],
      ['eradication-operation', 20],
      ['lab-dismantled', 10],
      ['illegal-mining-raid', 8],
      ['homicide', 10],
      ['kidnapping', 3],
      ['other', 5],
    ],
    substances: [
      ['cocaine-base-paste', 25],
      ['coca-leaf', 20],
      ['timber', 20],
      ['cocaine-hydrochloride', 10],
      ['precursor-chemical', 10],
      ['gold', 5],
      ['cash', 5],
      ['marijuana', 5],
    ],
  },
  {
    id: 'coast',
    name: 'Ports and cities',
    weight: 8,
    codes: ['0701', '1501', '2005', '1301', '1401'],
    incidentShare: 0.25,
    incidentTypes: [
      ['homicide', 40],
      ['extortion', 30],
      ['kidnapping', 10],
      ['other', 20],
    ],
    substances: [
      ['cocaine-hydrochloride', 55],
      ['cocaine-base-paste', 15],
      ['marijuana', 15],
      ['cash', 15],
    ],
  },
  {
    id: 'other-valleys',
    name: 'Other coca valleys',
    weight: 6,
    zones: ['la-convencion-lares', 'pichis-palcazu-pachitea', 'maranon', 'alto-chicama', 'kosnipata'],
    incidentShare: 0.5,
    incidentTypes: [
      ['eradication-operation', 25],
      ['lab-dismantled', 20],
      ['armed-clash', 5],
      ['homicide', 15],
      ['other', 10],
    ],
    substances: [
      ['cocaine-base-paste', 30],
      ['coca-leaf', 30],
      ['precursor-chemical', 25],
      ['cocaine-hydrochloride', 10],
      ['marijuana', 5],
    ],
  },
];

function districtsOf(code: string): Region[] {
  const region = regionByCode(code);
  if (region === undefined) throw new RangeError(`hotspot code ${code} is not in the gazetteer`);
  if (region.level === 'district') return [region];
  return childrenOf(code).flatMap((child) => districtsOf(child.code));
}

function describe(region: Region): District {
  const province = regionByCode(region.parent ?? '');
  const department = regionByCode(province?.parent ?? '');
  if (province === undefined || department === undefined) throw new RangeError(`district ${region.code} has no province or department`);
  return { code: region.code, name: region.name, province: province.name, department: department.name };
}

function build(spec: HotspotSpec): Hotspot {
  const memberCodes = [...(spec.zones ?? []).flatMap((id) => (zoneDefinition(`zone:${id}`)?.members ?? []).map(([code]) => code)), ...(spec.codes ?? [])];
  const seen = new Set<string>();
  const districts = memberCodes
    .flatMap(districtsOf)
    .filter((region) => !seen.has(region.code) && seen.add(region.code))
    .map(describe);
  if (districts.length === 0) throw new RangeError(`hotspot ${spec.id} has no districts`);
  return {
    id: spec.id,
    name: spec.name,
    districts,
    ...(spec.zoneName === undefined ? {} : { zoneName: spec.zoneName }),
    incidentShare: spec.incidentShare,
    incidentTypes: new WeightedTable(spec.incidentTypes),
    substances: new WeightedTable(spec.substances),
    militaryPresence: spec.militaryPresence ?? false,
  };
}

/** Every hotspot, resolved against the gazetteer once, when the module loads. */
export const hotspots: readonly Hotspot[] = specs.map(build);

/** The share of the stream each hotspot gets. */
export const hotspotTable = new WeightedTable(hotspots.map((hotspot, i) => [hotspot, specs[i]?.weight ?? 0] as const));

/** Districts the public scenario names directly. */
export function districtByCode(code: string): District {
  const region = regionByCode(code);
  if (region === undefined || region.level !== 'district') throw new RangeError(`${code} is not a district`);
  return describe(region);
}
