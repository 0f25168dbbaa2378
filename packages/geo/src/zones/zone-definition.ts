/**
 * What a zone is for: a monitoring zone of the coca-cultivation and security
 * reports, or an administrative grouping with no UBIGEO code of its own.
 */
export const ZoneKind = {
  monitoring: 'monitoring',
  administrative: 'administrative',
} as const;
export type ZoneKind = (typeof ZoneKind)[keyof typeof ZoneKind];

/**
 * A zone as a set of INEI districts, written as province codes (the whole
 * province) and district codes. Each member carries its INEI name so that a
 * wrong code shows up in review and fails the tests.
 */
export interface ZoneDefinition {
  /** kebab-case; the region code is `zone:<id>`. */
  readonly id: string;
  readonly name: string;
  /** Other names reports use for the zone (accents and case do not matter). */
  readonly aliases: readonly string[];
  readonly kind: ZoneKind;
  readonly members: readonly (readonly [ineiCode: string, ineiName: string])[];
  /** Where the zone's definition comes from. */
  readonly source: string;
  /** How our district list departs from the source, and why. */
  readonly approximation: string;
}
