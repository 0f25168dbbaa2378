import { SchemasError } from '../schemas-errors.ts';

/**
 * Composite keys of the region-partitioned topics: parts joined by `|`, the
 * region code first. No part may contain `|` (region codes, metric ids,
 * fingerprints and dates cannot by their schemas), so splitting is exact.
 */
export const keySeparator = '|';

function join(parts: readonly string[]): string {
  for (const part of parts) checkedPart(part);
  return parts.join(keySeparator);
}

function checkedPart(part: string): string {
  if (part.length === 0 || part.includes(keySeparator)) {
    throw new SchemasError('VIGIA_SCHEMAS_KEY_INVALID', 'key parts must be non-empty and must not contain |', {
      context: { part },
    });
  }
  return part;
}

function split(key: string, count: number, what: string): string[] {
  const parts = key.split(keySeparator);
  if (parts.length !== count || parts.some((part) => part.length === 0)) {
    throw new SchemasError('VIGIA_SCHEMAS_KEY_INVALID', `not a ${what} key`, { context: { key } });
  }
  return parts;
}

export interface IndicatorKeyParts {
  readonly region: string;
  readonly metric: string;
  readonly window: string;
  /** Survey figures: the source and year, which are part of their identity. */
  readonly source?: string | undefined;
  readonly year?: number | undefined;
}

/**
 * The identity of one indicator figure — `region|metric|window`, or
 * `region|metric|annual|source|year` for survey figures — as read models and
 * queries index them (`vigia.indicators.v2` records carry a series of them).
 */
export function indicatorKey(parts: IndicatorKeyParts): string {
  if (parts.source === undefined || parts.year === undefined) return join([parts.region, parts.metric, parts.window]);
  return join([parts.region, parts.metric, parts.window, parts.source, String(parts.year)]);
}

export function parseIndicatorKey(key: string): IndicatorKeyParts {
  if (key.split(keySeparator).length === 5) {
    const [region, metric, window, source, year] = split(key, 5, 'region|metric|annual|source|year') as [string, string, string, string, string];
    return { region, metric, window, source, year: Number(year) };
  }
  const [region, metric, window] = split(key, 3, 'region|metric|window') as [string, string, string];
  return { region, metric, window };
}

export interface SeriesKeyParts {
  readonly region: string;
  readonly metric: string;
  /** Survey years: the source and year, which are part of their identity. */
  readonly source?: string | undefined;
  readonly year?: number | undefined;
}

/** `vigia.indicators.v2` key: `region|metric`, or `region|metric|source|year` for a survey year. */
export function indicatorSeriesKey(parts: SeriesKeyParts): string {
  // Concatenated rather than joined from an array: the aggregator builds one per series record.
  const key = checkedPart(parts.region) + keySeparator + checkedPart(parts.metric);
  if (parts.source === undefined || parts.year === undefined) return key;
  return key + keySeparator + checkedPart(parts.source) + keySeparator + checkedPart(String(parts.year));
}

export interface BucketKeyParts {
  readonly region: string;
  readonly metric: string;
  readonly day: string;
  /** Survey buckets: their source. */
  readonly source?: string | undefined;
}

/** `vigia.aggregator.changelog.v1` key: `region|metric|day`, or `region|metric|day|source` for survey buckets. */
export function bucketKey(parts: BucketKeyParts): string {
  // Concatenated rather than joined from an array: the aggregator builds one per bucket it writes.
  const key = checkedPart(parts.region) + keySeparator + checkedPart(parts.metric) + keySeparator + checkedPart(parts.day);
  return parts.source === undefined ? key : key + keySeparator + checkedPart(parts.source);
}

export function parseBucketKey(key: string): BucketKeyParts {
  if (key.split(keySeparator).length === 4) {
    const [region, metric, day, source] = split(key, 4, 'region|metric|day|source') as [string, string, string, string];
    return { region, metric, day, source };
  }
  const [region, metric, day] = split(key, 3, 'region|metric|day') as [string, string, string];
  return { region, metric, day };
}

/** Key of the watermark records on `vigia.contributions.v1` and the changelog (produced to an explicit partition). */
export const watermarkKey = 'watermark';

/** `vigia.alert-state.v1` key: `region|fingerprint`. */
export function alertStateKey(parts: { readonly region: string; readonly fingerprint: string }): string {
  return join([parts.region, parts.fingerprint]);
}

export function parseAlertStateKey(key: string): { region: string; fingerprint: string } {
  const [region, fingerprint] = split(key, 2, 'region|fingerprint') as [string, string];
  return { region, fingerprint };
}

/** `vigia.alert-actions.v1` key: the alert fingerprint, or `silence:<id>` for silences. */
export function alertActionKey(action: { readonly fingerprint: string } | { readonly silenceId: string }): string {
  return 'fingerprint' in action ? action.fingerprint : `silence:${action.silenceId}`;
}

/**
 * The part of a key that chooses the partition: the region (text before the
 * first `|`) for region-prefixed keys, else the whole key. Partitioning every
 * region-scoped topic by the region alone puts a region's contributions,
 * buckets, indicators and alert state on the same partition number.
 */
export function regionPrefixOf(key: string): string {
  const at = key.indexOf(keySeparator);
  return at === -1 ? key : key.slice(0, at);
}
