import type { CanonicalEvent, CultivationSurvey, EventChange, Incident, IncidentType, RegionRef } from '@vigia/schemas';

/** Valid `EventChange` values on real UBIGEO codes, for the aggregator's tests and benchmarks. */

/** Pichari (La Convención, Cusco), a VRAEM district. */
export const pichari = '080910';
/** Llochegua (Huanta, Ayacucho), a VRAEM district. */
export const llochegua = '050408';
/** Huánuco (Huánuco). */
export const huanuco = '100101';
/** Callería (Coronel Portillo, Ucayali). */
export const calleria = '250101';

const common = {
  precision: 'day' as const,
  reportedAt: '2024-06-01T00:00:00Z',
  source: { name: 'DIRANDRO-PNP', kind: 'police' as const },
  confidence: 'high' as const,
};

export interface IncidentSpec {
  readonly eventId: string;
  readonly revision?: number;
  readonly day: string;
  readonly ubigeo: string;
  readonly type?: IncidentType;
  readonly civiliansKilled?: number;
  readonly securityKilled?: number;
}

export function incident(spec: IncidentSpec): Incident {
  return {
    ...common,
    kind: 'incident',
    eventId: spec.eventId,
    revision: spec.revision ?? 1,
    occurredAt: spec.day,
    location: { ubigeo: spec.ubigeo, level: 'district' },
    incidentType: spec.type ?? 'armed-clash',
    casualties: {
      securityForces: { killed: spec.securityKilled ?? 0, injured: 0 },
      civilians: { killed: spec.civiliansKilled ?? 0, injured: 0 },
      armedGroups: { killed: 0, injured: 0 },
    },
    actors: [],
  };
}

export function survey(region: RegionRef, year: number, hectares: number, source = 'DEVIDA'): CultivationSurvey {
  return {
    ...common,
    source: { name: source, kind: 'government' },
    kind: 'cultivation-survey',
    eventId: `survey-${source.replace(' ', '-')}-${region.code.replace(':', '-')}-${year}`,
    revision: 1,
    occurredAt: `${year}-01-01`,
    precision: 'year',
    region,
    year,
    hectares,
    edition: `Monitoreo de cultivos de coca ${year}`,
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

export function eventIdOf(change: EventChange): string {
  return change.type === 'event.recorded' ? change.event.eventId : change.type === 'event.revised' ? change.current.eventId : change.previous.eventId;
}

/**
 * A deterministic stream of changes over several regions (incl. VRAEM
 * districts): new incidents, late ones (days before what came earlier),
 * revisions that grow the death toll, a reclassification, a retraction and
 * exact duplicates. Every day lies in [`firstDay`, `lastDay`].
 */
export function changeStream(count: number, options: { readonly lastDay: string; readonly spanDays: number; readonly seed?: number }): EventChange[] {
  const districts = [pichari, llochegua, huanuco, calleria];
  const types: IncidentType[] = ['armed-clash', 'ambush', 'homicide', 'eradication-operation'];
  const lastMs = Date.parse(`${options.lastDay}T00:00:00Z`);
  let seed = options.seed ?? 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const changes: EventChange[] = [];
  const live: Incident[] = [];
  for (let index = 0; changes.length < count; index += 1) {
    const roll = next();
    if (roll < 0.15 && live.length > 0) {
      const at = Math.floor(next() * live.length);
      const previous = live[at]!;
      const current: Incident = {
        ...previous,
        revision: previous.revision + 1,
        incidentType: next() < 0.2 ? 'ambush' : previous.incidentType,
        casualties: { ...previous.casualties, civilians: { killed: previous.casualties.civilians.killed + 2, injured: 0 } },
      };
      live[at] = current;
      changes.push(revised(previous, current));
    } else if (roll < 0.18 && live.length > 0) {
      const [previous] = live.splice(Math.floor(next() * live.length), 1);
      changes.push(retracted(previous!));
    } else if (roll < 0.22 && changes.length > 0) {
      changes.push(changes[Math.floor(next() * changes.length)]!);
    } else {
      const day = new Date(lastMs - Math.floor(next() * options.spanDays) * 86_400_000).toISOString().slice(0, 10);
      const event = incident({
        eventId: `inc-${index}`,
        day,
        ubigeo: districts[Math.floor(next() * districts.length)]!,
        type: types[Math.floor(next() * types.length)]!,
        civiliansKilled: Math.floor(next() * 4),
        securityKilled: Math.floor(next() * 2),
      });
      live.push(event);
      changes.push(recorded(event));
    }
  }
  return changes;
}
