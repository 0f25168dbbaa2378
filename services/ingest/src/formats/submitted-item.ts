/**
 * What the format readers hand to the ingest core: one entry per submitted
 * record, in order, already parsed as far as the format goes (JSON text or a
 * CSV row), with where it was in the submission and its original bytes.
 */

/** Where a record was: array index (JSON, 0-based), line (NDJSON, 1-based), or line and data row (CSV). */
export type ItemPosition = { readonly index: number } | { readonly line: number } | { readonly line: number; readonly row: number };

/** DLQ reasons a reader or the core gives a record rejected at ingest. */
export type IngestRejectReason = 'JSON_MALFORMED' | 'CSV_MALFORMED' | 'SCHEMA_INVALID';

interface ItemCommon {
  readonly position: ItemPosition;
  /** 1-based number of the record in its batch: index + 1, the NDJSON line, the CSV data row. */
  readonly recordNumber: number;
  /**
   * The record as submitted (an array element, a line without its terminator,
   * a CSV row); only its first `maxRecordBytes` when it was longer.
   */
  readonly bytes: Uint8Array;
  /** Full length of the record in bytes; larger than `bytes.length` when it was cut. */
  readonly byteLength: number;
}

/** A JSON value read from a JSON body or an NDJSON line. */
export interface JsonItem extends ItemCommon {
  readonly kind: 'json';
  readonly value: unknown;
}

/** A CSV data row as header name → cell text. */
export interface CsvRowItem extends ItemCommon {
  readonly kind: 'csv-row';
  readonly columns: Readonly<Record<string, string>>;
}

/** A record the reader could not read; it is rejected and goes to the DLQ. */
export interface MalformedItem extends ItemCommon {
  readonly kind: 'malformed';
  readonly reason: IngestRejectReason;
  /** The field or column at fault, `''` for the record as a whole. */
  readonly field: string;
  readonly message: string;
}

export type SubmittedItem = JsonItem | CsvRowItem | MalformedItem;

/** The message for a record longer than the per-record limit. */
export function oversizeMessage(byteLength: number, maxRecordBytes: number): string {
  return `the record is ${byteLength} bytes; at most ${maxRecordBytes} bytes are accepted per record`;
}
