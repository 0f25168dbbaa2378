import { createHash } from 'node:crypto';
import type { RawFormat, RawRecord } from '@vigia/schemas';
import { canonicalJson } from './canonical-json.ts';

/**
 * The key of a raw report on `vigia.events.raw.v1` is the report's event id,
 * so every revision of an event lands on one partition, in order, and the
 * normalizer deduplicates a re-sent report by it. The normalizer reads the id
 * from the same places and refuses a record whose key differs, so these rules
 * are the normalizer's (services/normalizer/README.md, "Event id"):
 *
 * - JSON and NDJSON: the member `eventId` (then ACLED's `event_id_cnty`, for
 *   ACLED rows sent as JSON: the normalizer falls back to the key for those);
 * - our CSV: the column `event_id`, ACLED CSV: the column `event_id_cnty`,
 *   headers compared without regard to case, accents, spaces or punctuation
 *   (`Event ID` = `event_id`), the first matching column winning.
 */
export const jsonEventIdFields = ['eventId', 'event_id_cnty'] as const;
export const csvEventIdColumns = { csv: 'event_id', 'acled-csv': 'event_id_cnty' } as const;

/** Longer ids are not ids; such a record is keyed by its content instead. */
export const maxEventIdChars = 256;

/** Where a key came from; travels as the `vigia-event-key-source` header. */
export type EventKeySource = 'eventId' | 'event_id_cnty' | 'event_id' | 'content-hash';

export interface EventKey {
  readonly key: string;
  readonly source: EventKeySource;
}

/** Prefix of content-hash keys: `sha256:<64 hex digits>`. */
export const contentHashPrefix = 'sha256:';

/**
 * The event key of a record: its own event id (trimmed) when it has a usable
 * one — a non-blank string or a finite number, at most `maxEventIdChars`
 * characters — else a hash of who sent it and what it says. The hash is
 * deterministic (sha256 of the canonical JSON of publisher and record), so the
 * same report sent twice by the same publisher gets the same key.
 */
export function eventKeyOf(record: RawRecord, format: RawFormat, publisher: string): EventKey {
  if (record.kind === 'csv-row') {
    const wanted = format === 'acled-csv' ? csvEventIdColumns['acled-csv'] : csvEventIdColumns.csv;
    const header = Object.keys(record.columns).find((name) => columnKey(name) === wanted);
    const id = header === undefined ? undefined : usableId(record.columns[header]);
    if (id !== undefined) return { key: id, source: wanted };
  } else if (isPlainObject(record.value)) {
    for (const field of jsonEventIdFields) {
      const id = usableId(Object.hasOwn(record.value, field) ? record.value[field] : undefined);
      if (id !== undefined) return { key: id, source: field };
    }
  }
  return { key: contentHashKey(record, publisher), source: 'content-hash' };
}

/** `sha256:<hex>` of the canonical JSON of `{ publisher, record }`. */
export function contentHashKey(record: RawRecord, publisher: string): string {
  const digest = createHash('sha256').update(canonicalJson({ publisher, record }), 'utf8').digest('hex');
  return `${contentHashPrefix}${digest}`;
}

/** `Event ID` → `event_id`: accents dropped, lower case, runs of anything else one `_`. */
export function columnKey(header: string): string {
  return header
    .slice(0, 300)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/ /g, '_');
}

function usableId(value: unknown): string | undefined {
  let text: string | undefined;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  if (text === undefined || text === '' || text.length > maxEventIdChars) return undefined;
  return text;
}

export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
