import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/** Every code `@vigia/ingest` throws. */
export const ingestErrorCodes = [
  'VIGIA_INGEST_BODY_MALFORMED',
  'VIGIA_INGEST_FORMAT_UNKNOWN',
  'VIGIA_INGEST_API_KEY_INVALID',
  'VIGIA_INGEST_BUS_UNAVAILABLE',
] as const;

export type IngestErrorCode = ErrorCodeOf<typeof ingestErrorCodes>;

/** What each code means and what to do about it. */
export const ingestErrorDescriptions: ErrorCodeDescriptions<IngestErrorCode> = {
  VIGIA_INGEST_BODY_MALFORMED:
    'The submission as a whole cannot be read (JSON structure broken, CSV header unusable, empty body): ' +
    'no record of it was appended. HTTP answers 400 with the reason and the field.',
  VIGIA_INGEST_FORMAT_UNKNOWN:
    'The content type or format name is not one ingest reads; use application/json, application/x-ndjson or ' +
    'text/csv (format json, ndjson, csv or acled-csv).',
  VIGIA_INGEST_API_KEY_INVALID: 'An entry of VIGIA_INGEST_API_KEYS is not id:role:sha256hex (role publisher, editor or admin, 64 hex digits).',
  VIGIA_INGEST_BUS_UNAVAILABLE:
    'The Bus did not acknowledge the write; nothing is confirmed to the sender, who may retry (records are keyed ' +
    'by event id, so a retry is deduplicated downstream).',
};

/** A failure raised by ingest; branch on `code`, never on the message. */
export class IngestError extends VigiaError<IngestErrorCode> {
  constructor(code: IngestErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}

/** Where a body-level problem is: `body`, `header`, `[3]` (array element) or `line 7`. */
export interface BodyProblem {
  /** A DLQ reason code: `JSON_MALFORMED` or `CSV_MALFORMED`. */
  readonly reason: 'JSON_MALFORMED' | 'CSV_MALFORMED';
  readonly field: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** The whole body is unreadable; carries what the HTTP 400 answer shows. */
export function bodyMalformed(problem: BodyProblem): IngestError {
  return new IngestError('VIGIA_INGEST_BODY_MALFORMED', problem.message, {
    context: {
      reason: problem.reason,
      field: problem.field,
      ...(problem.line === undefined ? {} : { line: problem.line }),
      ...(problem.column === undefined ? {} : { column: problem.column }),
    },
  });
}

/** The body problem carried by a `VIGIA_INGEST_BODY_MALFORMED` error. */
export function bodyProblemOf(error: IngestError): BodyProblem {
  const context = error.context;
  const reason = context.reason === 'CSV_MALFORMED' ? 'CSV_MALFORMED' : 'JSON_MALFORMED';
  return {
    reason,
    field: typeof context.field === 'string' ? context.field : 'body',
    message: error.message,
    ...(typeof context.line === 'number' ? { line: context.line } : {}),
    ...(typeof context.column === 'number' ? { column: context.column } : {}),
  };
}
