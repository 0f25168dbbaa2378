/**
 * Every answer of the ingest HTTP API is JSON. Errors have one shape:
 * `{ "error": "<snake_case code>", "message": "…", …details }`, where the
 * code is stable (clients branch on it) and the message is for people.
 */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The stable error codes of the API and their HTTP status. */
export const httpErrorStatus = {
  body_unparseable: 400,
  no_records: 400,
  body_incomplete: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  body_too_large: 413,
  too_many_records: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  bus_unavailable: 503,
  internal: 500,
} as const;

export type HttpErrorCode = keyof typeof httpErrorStatus;

export function errorAnswer(
  error: HttpErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
  headers?: Readonly<Record<string, string>>,
): HttpAnswer {
  return {
    statusCode: httpErrorStatus[error],
    body: { error, message, ...details },
    ...(headers === undefined ? {} : { headers }),
  };
}

/**
 * The status of a processed submission: 200 when every record was accepted,
 * 207 (Multi-Status) when some were and some were not, 422 when none was.
 * The body lists every record's outcome in all three cases; rejected records
 * are in the DLQ either way.
 */
export function submissionStatus(accepted: number, rejected: number): 200 | 207 | 422 {
  if (rejected === 0) return 200;
  return accepted === 0 ? 422 : 207;
}
