/** The levels a region can have, from the smallest to the whole country. */
export const RegionLevel = {
  district: 'district',
  province: 'province',
  department: 'department',
  zone: 'zone',
  national: 'national',
} as const;
export type RegionLevel = (typeof RegionLevel)[keyof typeof RegionLevel];

/** Code of the national region, the root of every roll-up. */
export const nationalCode = 'PE';

/** Prefix of zone codes: `zone:<id>` (e.g. `zone:vraem`). */
export const zoneCodePrefix = 'zone:';

/**
 * A region events can count towards.
 *
 * `code` is an INEI UBIGEO code for districts (6 digits, DDPPdd), provinces
 * (DDPP) and departments (DD); `zone:<id>` for monitoring zones; `PE` for the
 * nation. It is never a RENIEC code (see `reniecCodeOf`).
 */
export interface Region {
  readonly code: string;
  readonly level: RegionLevel;
  /** Official name with its accents, e.g. "Apurímac". */
  readonly name: string;
  /**
   * Code of the administrative parent: district → province → department →
   * `PE`; a zone's parent is `PE` because zones cross department borders.
   * Absent only for the nation.
   */
  readonly parent?: string;
}

/** The country-wide region. */
export const nationalRegion: Region = Object.freeze({
  code: nationalCode,
  level: RegionLevel.national,
  name: 'Perú',
});

/** Builds the code of a zone from its kebab-case id. */
export function zoneCode(id: string): string {
  return `${zoneCodePrefix}${id}`;
}
