import type { RegionRef } from '@vigia/schemas';
import { listRegions, targetRegions } from './gazetteer.ts';

const refOf = (region: { readonly code: string; readonly level: RegionRef['level'] }): RegionRef => ({ code: region.code, level: region.level });

/**
 * Every region an event at `code` counts towards, as the plain references a
 * contribution carries: the place, its ancestors, every zone containing it.
 * The fan-out's gazetteer in the aggregator and in analysts' replays alike.
 */
export function targetRegionRefs(code: string): RegionRef[] {
  return targetRegions(code).map(refOf);
}

/** The regions that receive a share of the national survey figure by default: every zone and department. */
export function surveyShareRegions(): RegionRef[] {
  return [...listRegions('zone'), ...listRegions('department')].map(refOf);
}
