import { levelOfRegionCode, nationalRegionCode, type CanonicalEvent, type NamedRegion } from '@vigia/schemas';
import type { Rule, RuleScope } from '../rule.ts';
import type { TargetRegion } from './engine-types.ts';

/** Whether a rule watches a region: any listed level or region, and not excluded. */
export function inScope(scope: RuleScope, region: { readonly code: string; readonly level: string }): boolean {
  if (scope.exclude.includes(region.code)) return false;
  if (scope.levels === null && scope.regions === null) return true;
  return (scope.levels?.some((level) => level === region.level) ?? false) || (scope.regions?.includes(region.code) ?? false);
}

/**
 * The regions an event counts towards without a gazetteer: its UBIGEO and the
 * ancestors the code itself spells (district DDPPdd → province DDPP →
 * department DD), the zone the report names, and the nation. A survey counts
 * for the region it surveyed only — adding surveys up is the aggregator's job.
 * The alerter passes geo's `targetRegions` instead, which also knows every
 * zone containing the place.
 */
export function defaultTargetRegions(event: CanonicalEvent): TargetRegion[] {
  if (event.kind === 'cultivation-survey') return [event.region];
  const { ubigeo, zone } = event.location;
  const codes = [ubigeo, ubigeo.slice(0, 4), ubigeo.slice(0, 2)].filter((code, index, all) => all.indexOf(code) === index);
  const regions: TargetRegion[] = codes.flatMap((code) => {
    const level = levelOfRegionCode(code);
    return level === undefined ? [] : [{ code, level }];
  });
  if (zone !== undefined) regions.push({ code: zone, level: 'zone' });
  regions.push({ code: nationalRegionCode, level: 'national' });
  return regions;
}

/**
 * What, beyond rule and region, tells one alert from another: the event of a
 * single-event alert; the survey source and year of an annual one (each
 * surveyed year is its own finding).
 */
export interface FindingIdentity {
  readonly eventId?: string | undefined;
  readonly source?: string | undefined;
  readonly year?: number | undefined;
}

/** The identity labels of an existing alert, to recompute its fingerprint. */
export function identityOf(labels: Readonly<Record<string, string>>): FindingIdentity {
  return { eventId: labels.event_id, source: labels.source, year: labels.year === undefined ? undefined : Number(labels.year) };
}

/** The labels of an alert: the rule's own, then the ones the engine owns (which win). */
export function labelsFor(rule: Rule, region: { readonly code: string; readonly level: string }, identity: FindingIdentity = {}): Record<string, string> {
  return {
    ...rule.labels,
    rule: rule.id,
    region: region.code,
    level: region.level,
    severity: rule.severity,
    ...(identity.eventId === undefined ? {} : { event_id: identity.eventId }),
    ...(identity.source === undefined ? {} : { source: identity.source }),
    ...(identity.year === undefined ? {} : { year: String(identity.year) }),
  };
}

export type RegionNamer = (region: TargetRegion) => NamedRegion;

/** Names regions with the caller's function, then the name the target region brought, then the code. */
export function regionNamer(regionName: ((code: string) => string | undefined) | undefined): RegionNamer {
  return (region) => ({
    code: region.code,
    level: region.level,
    name: regionName?.(region.code) ?? region.name ?? (region.code === nationalRegionCode ? 'Perú' : region.code),
  });
}
