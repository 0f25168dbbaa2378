import { VigiaError, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/**
 * Every code `@vigia/geo` throws. Resolving a place never throws (an
 * unresolvable place is a result, not an error); these are for callers that
 * pass a region code the gazetteer does not know, which is a programming or
 * data-version error upstream, and for broken data at load time.
 */
export const geoErrorCodes = ['VIGIA_GEO_REGION_UNKNOWN', 'VIGIA_GEO_DATA_INVALID'] as const;

export type GeoErrorCode = ErrorCodeOf<typeof geoErrorCodes>;

/** What each code means and what to do about it. */
export const geoErrorDescriptions: Readonly<Record<GeoErrorCode, string>> = {
  VIGIA_GEO_REGION_UNKNOWN:
    'The region code is not in the gazetteer: not an INEI UBIGEO of this data vintage, a known zone:<id>, or PE. ' +
    'Resolve places with resolve() first; a RENIEC code must be converted with ineiCodeOfReniec().',
  VIGIA_GEO_DATA_INVALID:
    'The gazetteer data is inconsistent (a zone lists a code missing from the UBIGEO table, or under another ' +
    'name). Raised when the module loads; fix packages/geo/src/zones or regenerate the table.',
};

/** A caller passed something the gazetteer cannot work with. */
export class GeoError extends VigiaError<GeoErrorCode> {
  constructor(code: GeoErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
