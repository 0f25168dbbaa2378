import { nationalRegionCode, surveySourceOf, type CanonicalEvent, type RegionRef } from '@vigia/schemas';
import { metricsOf } from '../metrics/event-metrics.ts';
import { surveyMetric } from '../metrics/metric-catalogue.ts';

/**
 * Every region an event at this place counts towards: itself, its ancestors
 * up to `PE` and every zone containing it — `@vigia/geo`'s `targetRegions`.
 * Injected, so the core does not depend on the gazetteer's data. It may
 * throw for a code it does not know; the normalizer only emits known codes.
 */
export type TargetRegionsOf = (code: string) => readonly RegionRef[];

export interface FanOutOptions {
  /**
   * Regions that receive the national survey figure (`cultivation.coca.national-ha`)
   * so each can publish its share of the national total from its own
   * partition. Usually every zone and department (`@vigia/geo` `listRegions`);
   * a region left out has no share indicator. Default: none.
   */
  readonly shareRegions?: readonly RegionRef[];
}

/** One event version's effect on one region and day, before signs and netting. */
export interface Placement {
  readonly target: RegionRef;
  readonly day: string;
  readonly metrics: ReadonlyMap<string, number>;
  /** Surveys: the series (source) they belong to. */
  readonly source?: string;
}

/**
 * Where one version of an event counts. Incidents and seizures roll up the
 * hierarchy and into every containing zone — plus the zone the report names,
 * which may cover only part of a department-level place. A survey counts only
 * for the region it surveyed: surveys of departments, zones and the nation are
 * separate measurements whose sum means nothing (zones overlap, the nation has
 * its own figure); a national survey is also copied to `shareRegions`. A
 * survey's placements name its source (`DEVIDA` → `devida`): each source is a
 * series of its own.
 */
export function placementsOf(event: CanonicalEvent, targetRegions: TargetRegionsOf, options: FanOutOptions = {}): Placement[] {
  const metrics = metricsOf(event);
  const day = event.occurredAt;
  if (event.kind !== 'cultivation-survey') {
    const { ubigeo, zone } = event.location;
    const targets = distinctRegions([...targetRegions(ubigeo), ...(zone === undefined ? [] : targetRegions(zone))]);
    return targets.map((target) => ({ target, day, metrics }));
  }
  const source = surveySourceOf(event.source.name);
  const placements: Placement[] = [{ target: plainRegion(event.region), day, metrics, source }];
  if (event.region.code === nationalRegionCode) {
    const national = new Map([[surveyMetric.nationalHectares, event.hectares]]);
    for (const target of distinctRegions(options.shareRegions ?? [])) {
      if (target.code !== nationalRegionCode) placements.push({ target, day, metrics: national, source });
    }
  }
  return placements;
}

/** First occurrence of each code, as bare `{ code, level }` (geo's regions also carry names). */
function distinctRegions(regions: readonly RegionRef[]): RegionRef[] {
  const seen = new Set<string>();
  const distinct: RegionRef[] = [];
  for (const region of regions) {
    if (seen.has(region.code)) continue;
    seen.add(region.code);
    distinct.push(plainRegion(region));
  }
  return distinct;
}

function plainRegion(region: RegionRef): RegionRef {
  return { code: region.code, level: region.level };
}
