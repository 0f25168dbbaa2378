import type { CanonicalEvent, CultivationSurvey, EventChange, Incident, IncidentType, RegionRef, Seizure, SeizureItem } from '@vigia/schemas';
import type { TargetRegionsOf } from '../fan-out/placements.ts';

/**
 * A small made-up gazetteer for tests, so they do not depend on
 * `@vigia/geo`'s data: two departments, three provinces, four districts and
 * two zones. `zone:vraem` holds 050201 and 120101 (so province 0502, which
 * has only 050201, lies inside it); `zone:huallaga` holds 050101.
 */
const parents: Readonly<Record<string, string>> = {
  '05': 'PE',
  '12': 'PE',
  '0501': '05',
  '0502': '05',
  '1201': '12',
  '050101': '0501',
  '050102': '0501',
  '050201': '0502',
  '120101': '1201',
  'zone:vraem': 'PE',
  'zone:huallaga': 'PE',
};
const zoneDistricts: Readonly<Record<string, readonly string[]>> = {
  'zone:vraem': ['050201', '120101'],
  'zone:huallaga': ['050101'],
};

export const testDistricts = ['050101', '050102', '050201', '120101'] as const;

export function regionOf(code: string): RegionRef {
  if (code === 'PE') return { code, level: 'national' };
  if (code.startsWith('zone:')) return { code, level: 'zone' };
  return { code, level: code.length === 2 ? 'department' : code.length === 4 ? 'province' : 'district' };
}

/** Every region of the test gazetteer. */
export const testRegions: readonly RegionRef[] = ['PE', ...Object.keys(parents)].map(regionOf);

function districtsOf(code: string): string[] {
  if (code in zoneDistricts) return [...zoneDistricts[code]!];
  return testDistricts.filter((district) => code === 'PE' || district.startsWith(code));
}

/** The test gazetteer's fan-out: itself, ancestors up to PE, then every zone holding all of its districts. */
export const testTargetRegions: TargetRegionsOf = (code) => {
  const chain = [code];
  for (let parent = parents[code]; parent !== undefined; parent = parents[parent]) chain.push(parent);
  const districts = districtsOf(code);
  const zones =
    code.startsWith('zone:') || code === 'PE'
      ? []
      : Object.keys(zoneDistricts).filter((zone) => districts.every((district) => zoneDistricts[zone]!.includes(district)));
  return [...chain, ...zones].map(regionOf);
};

const common = {
  precision: 'day' as const,
  reportedAt: '2024-06-01T00:00:00Z',
  source: { name: 'DIRANDRO-PNP', kind: 'police' as const },
  confidence: 'high' as const,
};

export interface IncidentSpec {
  readonly eventId?: string;
  readonly revision?: number;
  readonly day?: string;
  readonly ubigeo?: string;
  readonly zone?: string;
  readonly type?: IncidentType;
  readonly securityKilled?: number;
  readonly civiliansKilled?: number;
  readonly armedGroupsKilled?: number;
  readonly eradicatedHectares?: number;
}

export function incident(spec: IncidentSpec = {}): Incident {
  const ubigeo = spec.ubigeo ?? '050201';
  return {
    ...common,
    kind: 'incident',
    eventId: spec.eventId ?? 'inc-1',
    revision: spec.revision ?? 1,
    occurredAt: spec.day ?? '2024-03-14',
    location: { ubigeo, level: regionOf(ubigeo).level as 'district', ...(spec.zone === undefined ? {} : { zone: spec.zone }) },
    incidentType: spec.type ?? 'armed-clash',
    casualties: {
      securityForces: { killed: spec.securityKilled ?? 0, injured: 0 },
      civilians: { killed: spec.civiliansKilled ?? 0, injured: 0 },
      armedGroups: { killed: spec.armedGroupsKilled ?? 0, injured: 0 },
    },
    actors: [],
    ...(spec.eradicatedHectares === undefined ? {} : { eradicatedHectares: spec.eradicatedHectares }),
  };
}

export function seizure(spec: { eventId?: string; revision?: number; day?: string; ubigeo?: string; items: SeizureItem[]; arrests?: number }): Seizure {
  const ubigeo = spec.ubigeo ?? '050201';
  return {
    ...common,
    kind: 'seizure',
    eventId: spec.eventId ?? 'sei-1',
    revision: spec.revision ?? 1,
    occurredAt: spec.day ?? '2024-03-14',
    location: { ubigeo, level: regionOf(ubigeo).level as 'district' },
    items: spec.items,
    ...(spec.arrests === undefined ? {} : { arrests: spec.arrests }),
  };
}

export function survey(spec: { eventId?: string; revision?: number; region: string; year: number; hectares: number; source?: string }): CultivationSurvey {
  const source = spec.source ?? 'DEVIDA';
  return {
    ...common,
    source: { name: source, kind: 'government' },
    kind: 'cultivation-survey',
    eventId: spec.eventId ?? `survey-${source}-${spec.region}-${spec.year}`.replace(':', '-').replace(' ', '-'),
    revision: spec.revision ?? 1,
    occurredAt: `${spec.year}-01-01`,
    precision: 'year',
    region: regionOf(spec.region),
    year: spec.year,
    hectares: spec.hectares,
    edition: `Monitoreo de cultivos de coca ${spec.year}`,
  };
}

export const recorded = (event: CanonicalEvent): EventChange => ({ type: 'event.recorded', event });
export const revised = (previous: CanonicalEvent, current: CanonicalEvent): EventChange => ({ type: 'event.revised', previous, current });
export const retracted = (previous: CanonicalEvent): EventChange => ({
  type: 'event.retracted',
  previous,
  retractedAt: '2024-06-02T00:00:00Z',
  reason: 'duplicate report',
});
