import { randomUUID } from 'node:crypto';
import { isVigiaError } from '@vigia/schemas';
import type { Logger } from 'pino';
import type { IngestCore, Submission } from '../core/ingest-core.ts';
import { ByteAccumulator } from '../formats/byte-accumulator.ts';
import { charsetOf, createRecordReader, readerFormatOfRequest, type ReaderFormat } from '../formats/record-reader.ts';
import type { SubmittedItem } from '../formats/submitted-item.ts';
import { bodyProblemOf, type IngestError } from '../ingest-errors.ts';
import type { ApiKeyEntry } from './api-keys.ts';
import { errorAnswer, submissionStatus, type HttpAnswer } from './http-answers.ts';

/** Limits of one request; defaults in `defaultIngestLimits`. */
export interface IngestLimits {
  /** Largest body; beyond it: 413 `body_too_large`, nothing appended. */
  readonly maxBodyBytes: number;
  /** Most records per request; beyond it: 413 `too_many_records`, nothing appended. */
  readonly maxRecords: number;
  /** Largest single record; a longer one is rejected (`SCHEMA_INVALID`) and kept cut in the DLQ. */
  readonly maxRecordBytes: number;
  /** Most columns of a CSV record; a header with more: 400 `body_unparseable`. */
  readonly maxCsvColumns?: number;
  /** Longest CSV field; a longer one makes its row rejected (`CSV_MALFORMED`). */
  readonly maxCsvFieldBytes?: number;
}

export interface SubmitReportsRequest {
  readonly contentType: string | undefined;
  /** `Content-Encoding`; only identity is read. */
  readonly contentEncoding?: string | undefined;
  /** From `Content-Length`, when sent: lets an oversized body be refused before it is read. */
  readonly contentLength: number | undefined;
  /** The `format` query parameter. */
  readonly formatParam: string | undefined;
  readonly body: AsyncIterable<Uint8Array | string>;
  readonly apiKey: ApiKeyEntry;
}

/** The ways a request ends early, before anything is appended. */
const closeConnection = { connection: 'close' } as const;

/**
 * Handles `POST /v1/reports`: reads the body as it streams in, within the
 * limits, appends every record (raw topic or DLQ) and answers with each
 * record's outcome only after the Bus acknowledged them. A request refused as
 * a whole (limits, unreadable body) appends nothing but, for an unreadable
 * body, the body itself to the DLQ.
 */
export async function submitReports(core: IngestCore, limits: IngestLimits, request: SubmitReportsRequest, logger: Logger): Promise<HttpAnswer> {
  let format: ReaderFormat;
  try {
    format = readerFormatOfRequest(request.contentType, request.formatParam);
  } catch (error) {
    if (isVigiaError(error, 'VIGIA_INGEST_FORMAT_UNKNOWN')) return errorAnswer('unsupported_media_type', error.message);
    throw error;
  }
  const encoding = request.contentEncoding?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    return errorAnswer('unsupported_media_type', `content-encoding ${encoding} is not supported; send the body uncompressed`);
  }
  const charset = charsetOf(request.contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return errorAnswer('unsupported_media_type', `charset ${charset} is not supported; send UTF-8`);
  }
  if (request.contentLength !== undefined && request.contentLength > limits.maxBodyBytes) {
    return tooLarge(limits);
  }

  const batchId = randomUUID();
  const reader = createRecordReader(format, {
    maxRecordBytes: limits.maxRecordBytes,
    ...(limits.maxCsvColumns === undefined ? {} : { maxCsvColumns: limits.maxCsvColumns }),
    ...(limits.maxCsvFieldBytes === undefined ? {} : { maxCsvFieldBytes: limits.maxCsvFieldBytes }),
  });
  const submission = (): Submission => ({
    channel: 'http',
    publisher: request.apiKey.id,
    apiKeyId: request.apiKey.id,
    keyRole: request.apiKey.role,
    batchId,
    format: reader.format ?? (format.kind === 'csv' ? (format.flavor ?? 'csv') : format.kind),
    ...(reader.csvHeader === undefined ? {} : { csvHeader: reader.csvHeader }),
  });
  const prefix = new ByteAccumulator(limits.maxRecordBytes);
  const items: SubmittedItem[] = [];
  let bodyBytes = 0;

  try {
    for await (const chunk of request.body) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      bodyBytes += bytes.byteLength;
      if (bodyBytes > limits.maxBodyBytes) return tooLarge(limits);
      prefix.append(bytes);
      if (!collect(items, reader.push(bytes), limits)) return tooMany(limits);
    }
    if (!collect(items, reader.end(), limits)) return tooMany(limits);
  } catch (error) {
    if (isVigiaError(error, 'VIGIA_INGEST_BODY_MALFORMED')) return rejectBody(core, submission(), error, prefix, logger);
    if (isVigiaError(error)) throw error;
    // The request stream failed: the client went away or broke the transfer encoding.
    logger.debug({ err: error, batchId }, 'request body could not be read');
    return errorAnswer('body_incomplete', 'the body could not be read to its end', {}, closeConnection);
  }

  if (items.length === 0) {
    return errorAnswer('no_records', 'the body holds no records; send at least one');
  }
  let outcome: Awaited<ReturnType<typeof core.submit>>;
  try {
    outcome = await core.submit(submission(), items);
  } catch (error) {
    if (!isVigiaError(error, 'VIGIA_INGEST_BUS_UNAVAILABLE')) throw error;
    logger.error({ err: error, batchId }, 'the Bus did not acknowledge a submission');
    return errorAnswer(
      'bus_unavailable',
      'the records could not be stored; nothing is confirmed, send the request again later',
      { batchId },
      { 'retry-after': '5' },
    );
  }
  return {
    statusCode: submissionStatus(outcome.accepted, outcome.rejected),
    body: {
      batchId,
      format: submission().format,
      accepted: outcome.accepted,
      rejected: outcome.rejected,
      results: outcome.results,
    },
  };
}

function collect(items: SubmittedItem[], more: readonly SubmittedItem[], limits: IngestLimits): boolean {
  for (const item of more) items.push(item);
  return items.length <= limits.maxRecords;
}

function tooLarge(limits: IngestLimits): HttpAnswer {
  return errorAnswer(
    'body_too_large',
    `the body is larger than ${limits.maxBodyBytes} bytes; split it into several requests`,
    { limitBytes: limits.maxBodyBytes },
    closeConnection,
  );
}

function tooMany(limits: IngestLimits): HttpAnswer {
  return errorAnswer(
    'too_many_records',
    `the body holds more than ${limits.maxRecords} records; split it into several requests`,
    { limitRecords: limits.maxRecords },
    closeConnection,
  );
}

async function rejectBody(core: IngestCore, submission: Submission, error: IngestError, prefix: ByteAccumulator, logger: Logger): Promise<HttpAnswer> {
  const problem = bodyProblemOf(error);
  try {
    await core.rejectBody(submission, problem, prefix.bytes(), prefix.totalBytes);
  } catch (dlqError) {
    // The sender still gets the 400 and keeps the body; only our copy is missing.
    logger.error({ err: dlqError, batchId: submission.batchId }, 'could not keep an unreadable body in the DLQ');
  }
  const { reason, field, message, line, column } = problem;
  return errorAnswer(
    'body_unparseable',
    message,
    { reason, field, ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }) },
    closeConnection,
  );
}
