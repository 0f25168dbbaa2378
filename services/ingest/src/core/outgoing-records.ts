import type { OutgoingRecord, RecordHeaders } from '@vigia/bus';
import {
  ingestKeyRoleHeader,
  cloudEventHeaders,
  cloudEventTypeOf,
  dlqRecordOf,
  encodeTopicValue,
  schemaIdOf,
  type Issue,
  type RawFormat,
  type RawReport,
} from '@vigia/schemas';
import type { EventKeySource } from './event-key.ts';

/** CloudEvents `source` of everything ingest writes. */
export const ingestEventSource = '/vigia/ingest';

/** DLQ `stage` of records rejected at ingest. */
export const ingestStage = 'ingest';

/** Header naming where the key came from: `eventId`, `event_id_cnty` or `content-hash`. */
export const eventKeySourceHeader = 'vigia-event-key-source';

/** The content type a record of each format was submitted with, for DLQ headers. */
export const contentTypeOfFormat: Readonly<Record<RawFormat, string>> = {
  json: 'application/json',
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
  'acled-csv': 'text/csv',
};

/** A raw report envelope as a record of the raw topic: validated, keyed by event id, with CloudEvents headers. */
export function rawReportRecord(topic: string, key: string, keySource: EventKeySource, keyRole: string | undefined, report: RawReport): OutgoingRecord {
  return {
    topic,
    key,
    value: encodeTopicValue('vigia.events.raw.v1', report),
    headers: {
      ...cloudEventHeaders({
        id: report.ingestId,
        source: ingestEventSource,
        type: cloudEventTypeOf(topic, report.type),
        time: report.receivedAt,
        subject: key,
        dataschema: schemaIdOf('vigia.events.raw.v1'),
      }),
      [eventKeySourceHeader]: keySource,
      ...(keyRole === undefined ? {} : { [ingestKeyRoleHeader]: keyRole }),
    },
  };
}

export interface IngestRejection {
  readonly dlqTopic: string;
  /** The event key when the record had one, else null. */
  readonly key: string | null;
  /** CloudEvents id of the DLQ record (a fresh UUID). */
  readonly id: string;
  readonly failedAt: Date;
  readonly reason: 'JSON_MALFORMED' | 'CSV_MALFORMED' | 'SCHEMA_INVALID';
  readonly field: string;
  readonly message: string;
  /** The record (or body) as submitted, possibly cut to the size limit. */
  readonly bytes: Uint8Array;
  /** What is known of its provenance: format, batch, position, publisher… (see `provenanceHeaders`). */
  readonly headers: RecordHeaders;
}

/**
 * A record rejected at ingest as a DLQ record: it never reached a topic
 * (`source: null`), and its payload is the bytes the publisher sent, so it
 * can be fixed and submitted again.
 */
export function ingestDlqRecord(rejection: IngestRejection): OutgoingRecord {
  const issues: Issue[] = [{ path: rejection.field, message: rejection.message }];
  const value = dlqRecordOf({
    reason: rejection.reason,
    message: rejection.message,
    issues,
    stage: ingestStage,
    source: null,
    failedAt: rejection.failedAt,
    value: rejection.bytes,
    headers: rejection.headers,
  });
  return {
    topic: rejection.dlqTopic,
    key: rejection.key,
    value: encodeTopicValue('vigia.events.dlq.v1', value),
    headers: cloudEventHeaders({
      id: rejection.id,
      source: ingestEventSource,
      type: cloudEventTypeOf(rejection.dlqTopic, value.type),
      time: rejection.failedAt,
      subject: rejection.reason,
      dataschema: schemaIdOf('vigia.events.dlq.v1'),
    }),
  };
}
