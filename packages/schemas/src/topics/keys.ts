import { SchemasError } from '../schemas-errors.ts';

/**
 * Composite keys of the region-partitioned topics: parts joined by `|`, the
 * region code first. No part may contain `|` (region codes, metric ids,
 * fingerprints and dates cannot by their schemas), so splitting is exact.
 */
export const keySeparator = '|';

function join(parts: readonly string[]): string {
  for (const part of parts) {
    if (part.length === 0 || part.includes(keySeparator)) {
      throw new SchemasError('VIGIA_SCHEMAS_KEY_INVALID', 'key parts must be non-empty and must not contain |', {
        context: { part },
      });
    }
  }
  return parts.join(keySeparator);
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
}

/** `vigia.indicators.v1` key: `region|metric|window`. */
export function indicatorKey(parts: IndicatorKeyParts): string {
  return join([parts.region, parts.metric, parts.window]);
}

export function parseIndicatorKey(key: string): IndicatorKeyParts {
  const [region, metric, window] = split(key, 3, 'region|metric|window') as [string, string, string];
  return { region, metric, window };
}

export interface BucketKeyParts {
  readonly region: string;
  readonly metric: string;
  readonly day: string;
}

/** `vigia.aggregator.changelog.v1` key: `region|metric|day`. */
export function bucketKey(parts: BucketKeyParts): string {
  return join([parts.region, parts.metric, parts.day]);
}

export function parseBucketKey(key: string): BucketKeyParts {
  const [region, metric, day] = split(key, 3, 'region|metric|day') as [string, string, string];
  return { region, metric, day };
}

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
