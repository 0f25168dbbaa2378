/**
 * Canonical event changes for the aggregator benchmarks: incidents and
 * seizures over 300 districts, dated over the two years ending on
 * `benchLastDay` in a scrambled order (a stride through the days), so late
 * reports and the retention horizon both matter. Deterministic per index.
 */
import { listRegions } from '@vigia/geo';
import type { EventChange } from '@vigia/schemas';

export const benchDistricts = listRegions('district')
  .filter((_, index) => index % 6 === 0)
  .slice(0, 300);
export const benchLastDay = '2024-12-31';
export const benchSpanDays = 730;
const lastDayMs = Date.parse(`${benchLastDay}T00:00:00Z`);

export function benchChange(index: number): EventChange {
  const district = benchDistricts[index % benchDistricts.length]!;
  const common = {
    eventId: `bench-${index}`,
    revision: 1,
    occurredAt: new Date(lastDayMs - ((index * 7919) % benchSpanDays) * 86_400_000).toISOString().slice(0, 10),
    precision: 'day' as const,
    reportedAt: '2025-01-02T00:00:00Z',
    source: { name: 'DIRANDRO-PNP', kind: 'police' as const },
    confidence: 'high' as const,
    location: { ubigeo: district.code, level: 'district' as const },
  };
  if (index % 3 === 0) {
    return {
      type: 'event.recorded',
      event: {
        ...common,
        kind: 'seizure',
        items: [
          { substance: 'cocaine-hydrochloride', quantity: { value: 12.5 + (index % 40), unit: 'kg' }, original: { value: 12.5 + (index % 40), unit: 'kg' } },
        ],
      },
    } as EventChange;
  }
  return {
    type: 'event.recorded',
    event: {
      ...common,
      kind: 'incident',
      incidentType: index % 2 === 0 ? 'armed-clash' : 'homicide',
      casualties: { securityForces: { killed: index % 2, injured: 0 }, civilians: { killed: index % 3, injured: 1 }, armedGroups: { killed: 0, injured: 0 } },
      actors: [],
    },
  };
}
