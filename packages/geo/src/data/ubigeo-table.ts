/**
 * Shape of the generated UBIGEO table (`ubigeo-inei.ts`). Rows are tuples to
 * keep the checked-in data file compact and its diffs one line per place.
 */

/**
 * One department, province or district: INEI code, official INEI name, the
 * RENIEC code of the same place (`null` where RENIEC has none or it could not be
 * matched unambiguously), and other names the place is known by (older INEI
 * spellings, names before a rename).
 */
export type UbigeoRow = readonly [ineiCode: string, name: string, reniecCode: string | null, aliases?: readonly string[]];

/** Where the table came from; repeated in the package README. */
export interface UbigeoSource {
  readonly primary: string;
  readonly secondary: string;
  readonly vintage: string;
  readonly generatedBy: string;
}

/** The whole INEI hierarchy, ordered by code. */
export interface UbigeoTable {
  readonly source: UbigeoSource;
  readonly departments: readonly UbigeoRow[];
  readonly provinces: readonly UbigeoRow[];
  readonly districts: readonly UbigeoRow[];
}
