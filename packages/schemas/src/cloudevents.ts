import { createHash } from 'node:crypto';
import { isoDateTimeSchema } from './primitives.ts';
import { SchemasError } from './schemas-errors.ts';

/**
 * CloudEvents 1.0 over Kafka, binary content mode (CloudEvents Kafka protocol
 * binding §3.2): the record value is the event data (JSON) and the attributes
 * travel as headers named `ce_<attribute>`, except `datacontenttype`, which
 * is the `content-type` header.
 */

export const cloudEventHeaderNames = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  dataschema: 'ce_dataschema',
  datacontenttype: 'content-type',
} as const;

export const cloudEventsSpecVersion = '1.0';
export const jsonContentType = 'application/json';

/** Attributes a producer supplies; the rest are fixed by the binding. */
export interface CloudEventInput {
  /** Unique per source; a retry of the same event keeps the same id so consumers can deduplicate. */
  readonly id: string;
  /** URI-reference of the producer, e.g. `/vigia/normalizer`. */
  readonly source: string;
  /** e.g. `pe.vigia.event.recorded.v1` (see `cloudEventTypeOf`). */
  readonly type: string;
  /** When the occurrence happened; a `Date` is written as RFC 3339 UTC. */
  readonly time: Date | string;
  readonly subject?: string;
  /** Absolute URI of the JSON Schema of the data. */
  readonly dataschema?: string;
}

export interface CloudEventAttributes {
  readonly specversion: typeof cloudEventsSpecVersion;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly subject?: string;
  readonly dataschema?: string;
  readonly datacontenttype: string;
}

export interface CloudEventHeaderProblem {
  readonly header: string;
  readonly reason: string;
}

export type ReadCloudEventResult =
  | { readonly ok: true; readonly attributes: CloudEventAttributes }
  | { readonly ok: false; readonly missing: readonly string[]; readonly invalid: readonly CloudEventHeaderProblem[] };

/** Builds the headers of a binary-mode CloudEvent; throws `VIGIA_SCHEMAS_CLOUDEVENT_INVALID` on bad input. */
export function cloudEventHeaders(input: CloudEventInput): Record<string, string> {
  const time = input.time instanceof Date ? dateToRfc3339(input.time) : input.time;
  const headers: Record<string, string> = {
    [cloudEventHeaderNames.specversion]: cloudEventsSpecVersion,
    [cloudEventHeaderNames.id]: input.id,
    [cloudEventHeaderNames.source]: input.source,
    [cloudEventHeaderNames.type]: input.type,
    [cloudEventHeaderNames.time]: time,
    [cloudEventHeaderNames.datacontenttype]: jsonContentType,
  };
  if (input.subject !== undefined) headers[cloudEventHeaderNames.subject] = input.subject;
  if (input.dataschema !== undefined) headers[cloudEventHeaderNames.dataschema] = input.dataschema;
  const check = readCloudEventHeaders(headers);
  if (!check.ok) {
    throw new SchemasError('VIGIA_SCHEMAS_CLOUDEVENT_INVALID', 'invalid CloudEvents attributes', {
      context: { invalid: check.invalid.map((problem) => `${problem.header}: ${problem.reason}`) },
    });
  }
  return headers;
}

/**
 * Reads CloudEvents attributes from record headers. Header names are matched
 * without regard to case (the binding writes them lower-case; being lenient
 * costs nothing), and every problem is reported, not just the first.
 */
export function readCloudEventHeaders(headers: Readonly<Record<string, string | undefined>>): ReadCloudEventResult {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) byName.set(name.toLowerCase(), value);
  }
  const names = cloudEventHeaderNames;
  const missing: string[] = [];
  const invalid: CloudEventHeaderProblem[] = [];
  for (const [header, required, valid, reason] of headerRules) {
    const value = byName.get(header);
    if (value === undefined) {
      if (required) missing.push(header);
    } else if (!valid(value)) {
      invalid.push({ header, reason });
    }
  }
  if (missing.length > 0 || invalid.length > 0) return { ok: false, missing, invalid };
  const get = (header: string): string => byName.get(header) ?? '';
  const subject = byName.get(names.subject);
  const dataschema = byName.get(names.dataschema);
  return {
    ok: true,
    attributes: {
      specversion: cloudEventsSpecVersion,
      id: get(names.id),
      source: get(names.source),
      type: get(names.type),
      time: get(names.time),
      datacontenttype: get(names.datacontenttype),
      ...(subject === undefined ? {} : { subject }),
      ...(dataschema === undefined ? {} : { dataschema }),
    },
  };
}

/**
 * A CloudEvents id that names one record's content: `base` (what the record
 * is about, for people reading headers) and a digest of the encoded value.
 * CloudEvents lets consumers treat source + id as the identity of an event
 * (§3.1.1 id: "consumers MAY assume that events with identical source and id
 * are duplicates"), so two different payloads must never share an id — a
 * revision that changes 16 killed into 18 within the same instant would
 * otherwise be dropped as a duplicate. The digest keeps ids deterministic: a
 * retry or a replay of the same record writes the same id.
 */
export function contentEventId(base: string, value: Uint8Array): string {
  return `${base}#${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
}

type HeaderRule = readonly [header: string, required: boolean, valid: (value: string) => boolean, reason: string];

const headerRules: readonly HeaderRule[] = [
  [cloudEventHeaderNames.specversion, true, (value) => value === cloudEventsSpecVersion, `must be ${cloudEventsSpecVersion}`],
  [cloudEventHeaderNames.id, true, (value) => value.length > 0, 'must be non-empty'],
  [cloudEventHeaderNames.source, true, isUriReference, 'must be a non-empty URI-reference'],
  [cloudEventHeaderNames.type, true, (value) => value.length > 0, 'must be non-empty'],
  [cloudEventHeaderNames.time, true, isRfc3339, 'must be an RFC 3339 date-time with offset'],
  [cloudEventHeaderNames.datacontenttype, true, isJsonContentType, `must be ${jsonContentType}`],
  [cloudEventHeaderNames.subject, false, (value) => value.length > 0, 'must be non-empty when present'],
  [cloudEventHeaderNames.dataschema, false, isAbsoluteUri, 'must be an absolute URI when present'],
];

/**
 * Schema URIs seen to parse: a producer writes the same few on every record,
 * and `URL.canParse` was a tenth of building a record's headers.
 */
const absoluteUris = new Set<string>();

function isAbsoluteUri(value: string): boolean {
  if (absoluteUris.has(value)) return true;
  if (!URL.canParse(value)) return false;
  if (absoluteUris.size < 1_000) absoluteUris.add(value);
  return true;
}

function dateToRfc3339(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new SchemasError('VIGIA_SCHEMAS_CLOUDEVENT_INVALID', 'time is an invalid Date', {
      context: { header: cloudEventHeaderNames.time },
    });
  }
  return date.toISOString();
}

function isRfc3339(value: string): boolean {
  return isoDateTimeSchema.safeParse(value).success;
}

function isUriReference(value: string): boolean {
  // RFC 3986 URI-reference: anything without whitespace or control characters is close enough for routing.
  return value.length > 0 && !/[\s\u0000-\u001f\u007f]/.test(value);
}

function isJsonContentType(value: string): boolean {
  return value.split(';')[0]?.trim().toLowerCase() === jsonContentType;
}
