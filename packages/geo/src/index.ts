/**
 * `@vigia/geo`: Peru's gazetteer. INEI UBIGEO departments → provinces →
 * districts (2025 vintage), monitoring zones such as VRAEM, name matching with
 * aliases and without accents, and the roll-up every event fans out to.
 * Pure: the data loads with the module; no call does I/O.
 */
export { nationalCode, nationalRegion, RegionLevel, zoneCode, zoneCodePrefix, type Region } from './region.ts';
export { normalizeName } from './normalize.ts';
export {
  ancestors,
  childrenOf,
  ineiCodeOfReniec,
  listRegions,
  regionByCode,
  reniecCodeOf,
  targetRegions,
  zoneDefinition,
  zonesContaining,
} from './gazetteer.ts';
export {
  CodeSystem,
  describeRegion,
  PlaceFailureDetail,
  PlaceFailureReason,
  resolve,
  type PlaceQuery,
  type ResolveFailure,
  type ResolveOptions,
  type ResolveResult,
  type ResolveSuccess,
} from './resolve.ts';
export { ZoneKind, type ZoneDefinition } from './zones/zone-definition.ts';
export { zoneDefinitions } from './zones/zones.ts';
export { ubigeoTable } from './data/ubigeo-inei.ts';
export type { UbigeoRow, UbigeoSource, UbigeoTable } from './data/ubigeo-table.ts';
export { GeoError, geoErrorCodes, geoErrorDescriptions, type GeoErrorCode } from './geo-errors.ts';
