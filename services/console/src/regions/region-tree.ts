import { childrenOf, nationalRegion, zoneCode, zoneDefinitions, type Region } from '@vigia/geo';

export interface RegionNode {
  readonly code: string;
  readonly name: string;
  readonly level: Region['level'];
  readonly children?: readonly RegionNode[];
}

/**
 * Peru's regions as the console shows them: the nation, its departments and
 * provinces (districts on request, there are ~1,900) and the monitoring zones
 * beside the administrative tree, since zones cross department borders.
 */
export interface ZoneSummary {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  readonly districts: number;
  /** Where the zone's definition comes from. */
  readonly source: string;
}

export function regionTree(options: { readonly districts: boolean }): { readonly national: RegionNode; readonly zones: readonly ZoneSummary[] } {
  const node = (region: Region, depth: number): RegionNode => {
    const deeper = region.level === 'province' ? options.districts : region.level !== 'district';
    const children = deeper && depth < 3 ? childrenOf(region.code).map((child) => node(child, depth + 1)) : [];
    return { code: region.code, name: region.name, level: region.level, ...(children.length === 0 ? {} : { children }) };
  };
  return { national: node(nationalRegion, 0), zones: zoneList() };
}

export function zoneList(): ZoneSummary[] {
  return zoneDefinitions.map((zone) => ({ code: zoneCode(zone.id), name: zone.name, kind: zone.kind, districts: zone.members.length, source: zone.source }));
}
