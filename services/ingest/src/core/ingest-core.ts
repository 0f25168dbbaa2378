import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Bus, OutgoingRecord, RecordHeaders } from '@vigia/bus';
import { topicName, topicSpecs, type IngestChannel, type RawFormat } from '@vigia/schemas';
import type { Logger } from 'pino';
import type { CsvHeader } from '../formats/csv-reader.ts';
import type { IngestRejectReason, ItemPosition, SubmittedItem } from '../formats/submitted-item.ts';
import { decodeUtf8 } from '../formats/byte-accumulator.ts';
import { IngestError, type BodyProblem } from '../ingest-errors.ts';
import { classify } from './classify.ts';
import type { IngestMetrics, IngestStats } from './ingest-metrics.ts';
import { contentTypeOfFormat, ingestDlqRecord, rawReportRecord } from './outgoing-records.ts';
import { produceInChunks, type ProduceLimits } from './produce-chunks.ts';

/** Who sent a batch of records and how. */
export interface Submission {
  readonly channel: IngestChannel;
  /** Account or publisher name (the API key id over HTTP); at most 200 characters. */
  readonly publisher: string;
  readonly apiKeyId?: string;
  /** The role of the API key; the normalizer lets an `editor` revise other publishers' events. */
  readonly keyRole?: string;
  readonly fileName?: string;
  /** One id per request or file. */
  readonly batchId: string;
  readonly format: RawFormat;
  /** The header of a CSV submission, copied into DLQ records of its rows so they can be fixed. */
  readonly csvHeader?: CsvHeader;
}

/** The outcome of one record, as the HTTP API and the CLI report it. */
export type RecordResult = ItemPosition &
  (
    | { readonly status: 'accepted'; readonly eventKey: string }
    | { readonly status: 'rejected'; readonly reason: IngestRejectReason; readonly field: string; readonly message: string }
  );

export interface SubmitOutcome {
  readonly accepted: number;
  readonly rejected: number;
  /** One per submitted record, in order. */
  readonly results: readonly RecordResult[];
}

export interface IngestCoreOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  /** Topic namespace (isolated replays, tests); the live topics when absent. */
  readonly namespace?: string;
  readonly metrics?: IngestMetrics;
  readonly stats?: IngestStats;
  readonly produceLimits?: Partial<ProduceLimits>;
  /** Clock for `receivedAt`/`failedAt`; replaceable so tests are deterministic. */
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/**
 * The part of ingest shared by the HTTP API and `vigia ingest --direct`:
 * turns read records into raw report envelopes (accepted) or DLQ records
 * (rejected), appends both, and answers only after the Bus acknowledged every
 * one of them. Nothing is lost: every submitted record is either on the raw
 * topic or in the DLQ once `submit` resolves.
 */
export interface IngestCore {
  readonly rawTopic: string;
  readonly dlqTopic: string;
  /** Creates the raw and DLQ topics with their registry settings when missing. */
  ensureTopics(): Promise<void>;
  /** Throws `VIGIA_INGEST_BUS_UNAVAILABLE` (retriable) when the Bus did not acknowledge the write. */
  submit(submission: Submission, items: readonly SubmittedItem[]): Promise<SubmitOutcome>;
  /** Keeps an unreadable body (HTTP 400) in the DLQ, cut to `maxBytes`; resolves once acknowledged. */
  rejectBody(submission: Submission, problem: BodyProblem, body: Uint8Array, byteLength: number): Promise<void>;
}

export function createIngestCore(options: IngestCoreOptions): IngestCore {
  const { bus, metrics, stats } = options;
  const log = options.logger.child({ component: 'ingest-core' });
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const namespace = options.namespace === undefined ? {} : { namespace: options.namespace };
  const rawTopic = topicName('vigia.events.raw.v1', namespace);
  const dlqTopic = topicName('vigia.events.dlq.v1', namespace);

  async function produce(records: readonly OutgoingRecord[]): Promise<void> {
    try {
      await produceInChunks(bus, records, options.produceLimits);
    } catch (cause) {
      throw new IngestError('VIGIA_INGEST_BUS_UNAVAILABLE', 'the Bus did not acknowledge the records', {
        cause,
        retriable: true,
        context: { records: records.length },
      });
    }
  }

  return {
    rawTopic,
    dlqTopic,

    async ensureTopics() {
      await bus.admin.ensureTopics(topicSpecs({ ...namespace, topics: ['vigia.events.raw.v1', 'vigia.events.dlq.v1'] }));
    },

    async submit(submission, items) {
      const receivedAt = now();
      const outgoing: OutgoingRecord[] = [];
      const results: RecordResult[] = [];
      const rejectedByReason = new Map<IngestRejectReason, number>();
      let accepted = 0;
      for (const [index, item] of items.entries()) {
        // Give other requests a turn every few records: a 10,000-record body
        // must not hold the event loop for the whole of its classification.
        if (index % recordsPerTurn === recordsPerTurn - 1) await nextTurn();
        const classified = classify(item, submission.format, submission.publisher);
        let rejection: { reason: IngestRejectReason; field: string; message: string; key: string | null };
        if (classified.ok) {
          const ingestId = newId();
          try {
            outgoing.push(
              rawReportRecord(rawTopic, classified.key, classified.keySource, submission.keyRole, {
                type: 'report.received',
                ingestId,
                batchId: submission.batchId,
                receivedAt: receivedAt.toISOString(),
                source: sourceOf(submission),
                format: submission.format,
                recordNumber: item.recordNumber,
                record: classified.record,
              }),
            );
            accepted += 1;
            results.push({ ...item.position, status: 'accepted', eventKey: classified.key });
            continue;
          } catch (error) {
            // The envelope schema refused what classify let through: still the record's problem, never a crash.
            const message = `the record cannot be wrapped in a raw report: ${error instanceof Error ? error.message : String(error)}`;
            rejection = { reason: 'SCHEMA_INVALID', field: '', message, key: classified.key };
          }
        } else {
          rejection = { ...classified, key: null };
        }
        rejectedByReason.set(rejection.reason, (rejectedByReason.get(rejection.reason) ?? 0) + 1);
        results.push({ ...item.position, status: 'rejected', reason: rejection.reason, field: rejection.field, message: rejection.message });
        outgoing.push(
          ingestDlqRecord({
            dlqTopic,
            key: rejection.key,
            id: newId(),
            failedAt: receivedAt,
            reason: rejection.reason,
            field: rejection.field,
            message: rejection.message,
            bytes: item.bytes,
            headers: provenanceHeaders(submission, item.recordNumber, positionText(item.position), item.byteLength),
          }),
        );
      }
      await produce(outgoing);
      const rejected = results.length - accepted;
      metrics?.recordsAccepted(submission.format, accepted);
      for (const [reason, count] of rejectedByReason) metrics?.recordsRejected(submission.format, reason, count);
      metrics?.produced(rawTopic, accepted);
      metrics?.produced(dlqTopic, rejected);
      stats?.recordSubmission(submission.publisher, submission.format, accepted, rejectedByReason);
      log.debug({ batchId: submission.batchId, publisher: submission.publisher, accepted, rejected }, 'records appended');
      return { accepted, rejected, results };
    },

    async rejectBody(submission, problem, body, byteLength) {
      const record = ingestDlqRecord({
        dlqTopic,
        key: null,
        id: newId(),
        failedAt: now(),
        reason: problem.reason,
        field: problem.field,
        message: problem.message,
        bytes: body,
        headers: provenanceHeaders(submission, undefined, 'body', byteLength),
      });
      await produce([record]);
      metrics?.bodyRejected(problem.reason);
      metrics?.produced(dlqTopic, 1);
      stats?.recordBodyRejected();
    },
  };
}

function sourceOf(submission: Submission) {
  return {
    channel: submission.channel,
    publisher: submission.publisher,
    ...(submission.apiKeyId === undefined ? {} : { apiKeyId: submission.apiKeyId }),
    ...(submission.fileName === undefined ? {} : { fileName: submission.fileName }),
  };
}

/** Records classified between two yields to the event loop (each takes microseconds). */
export const recordsPerTurn = 64;

/** Largest CSV header copied into the `vigia-csv-header` header of a DLQ record. */
export const maxCsvHeaderBytes = 16 * 1024;

/** `index 3`, `line 7`, `line 9 row 8`: where a record was, for people reading the DLQ. */
export function positionText(position: ItemPosition): string {
  if ('index' in position) return `index ${position.index}`;
  if ('row' in position) return `line ${position.line} row ${position.row}`;
  return `line ${position.line}`;
}

/**
 * The headers of a DLQ record written by ingest. The rejected bytes were never
 * a Kafka record, so these stand in for "the original headers": what is
 * needed to know where the record came from and to submit it again.
 */
export function provenanceHeaders(submission: Submission, recordNumber: number | undefined, position: string, byteLength: number): RecordHeaders {
  const headers: Record<string, string> = {
    'content-type': contentTypeOfFormat[submission.format],
    'vigia-ingest-format': submission.format,
    'vigia-ingest-channel': submission.channel,
    'vigia-ingest-publisher': submission.publisher,
    'vigia-ingest-batch-id': submission.batchId,
    'vigia-ingest-position': position,
    'vigia-ingest-byte-length': String(byteLength),
  };
  if (recordNumber !== undefined) headers['vigia-ingest-record-number'] = String(recordNumber);
  if (submission.apiKeyId !== undefined) headers['vigia-ingest-api-key-id'] = submission.apiKeyId;
  if (submission.fileName !== undefined) headers['vigia-ingest-file-name'] = submission.fileName;
  // The header makes a rejected row fixable on its own; a freak header must not make the DLQ record too large.
  const header = submission.csvHeader?.bytes;
  const csvHeader = header === undefined || header.byteLength > maxCsvHeaderBytes ? undefined : decodeUtf8(header);
  if (csvHeader !== undefined) headers['vigia-csv-header'] = csvHeader;
  return headers;
}
