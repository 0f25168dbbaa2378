/**
 * `@vigia/ingest`: accepts field reports (JSON, NDJSON, CSV, ACLED CSV) and
 * appends raw report envelopes to `vigia.events.raw.v1`, rejected records to
 * the DLQ. `createIngestApp` is the HTTP API (a lifecycle component, so the
 * all-in-one mode can run it in one process with the other stages);
 * `createIngestCore` and the format readers are what `vigia ingest --direct`
 * reuses.
 */
export { createIngestApp, type IngestApp, type IngestAppAddress, type IngestAppOptions, type IngestHttpConfig } from './http/ingest-app.ts';
export { defaultIngestRateLimit, defaultIngestTimeouts, KeyRateLimiter, type IngestTimeouts, type RateDecision, type RateLimit } from './http/server-guards.ts';
export { submitReports, type IngestLimits, type SubmitReportsRequest } from './http/submit-reports.ts';
export { errorAnswer, httpErrorStatus, submissionStatus, type HttpAnswer, type HttpErrorCode } from './http/http-answers.ts';
export {
  apiKeyRoles,
  findApiKey,
  hashApiKey,
  parseApiKeyEntry,
  presentedApiKey,
  roleAllows,
  type ApiKeyEntry,
  type ApiKeyRole,
} from './http/api-keys.ts';

export {
  createIngestCore,
  positionText,
  provenanceHeaders,
  type IngestCore,
  type IngestCoreOptions,
  type RecordResult,
  type Submission,
  type SubmitOutcome,
} from './core/ingest-core.ts';
export { createIngestMetrics, IngestStats, type IngestMetrics, type IngestStatsSnapshot, type OutcomeCounts } from './core/ingest-metrics.ts';
export { chunksOf, defaultProduceLimits, produceInChunks, type ProduceLimits } from './core/produce-chunks.ts';
export { classify, maxRecordDepth, type Classified } from './core/classify.ts';
export {
  columnKey,
  contentHashKey,
  csvEventIdColumns,
  eventKeyOf,
  jsonEventIdFields,
  maxEventIdChars,
  type EventKey,
  type EventKeySource,
} from './core/event-key.ts';
export { canonicalJson } from './core/canonical-json.ts';
export { eventKeySourceHeader, ingestEventSource, ingestStage } from './core/outgoing-records.ts';

export {
  createRecordReader,
  mediaTypeOf,
  readerFormatOfFileName,
  readerFormatOfName,
  readerFormatOfRequest,
  type ReaderFormat,
  type RecordReader,
  type RecordReaderOptions,
} from './formats/record-reader.ts';
export { acledIdColumn, detectCsvFlavor, type CsvFlavor, type CsvHeader } from './formats/csv-reader.ts';
export type { IngestRejectReason, ItemPosition, SubmittedItem } from './formats/submitted-item.ts';

export { defaultIngestLimits, ingestEnvSchema, ingestHttpConfigOf, maxRecordBytesCeiling, type IngestEnv } from './config.ts';
export {
  bodyProblemOf,
  IngestError,
  ingestErrorCodes,
  ingestErrorDescriptions,
  type BodyProblem,
  type IngestErrorCode,
} from './ingest-errors.ts';
