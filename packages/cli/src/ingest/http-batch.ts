import type { CsvHeader, RecordResult, SubmittedItem } from '@vigia/ingest';
import type { RawFormat } from '@vigia/schemas';

/** One HTTP request carrying a batch of a file's records. */
export interface HttpBatch {
  readonly contentType: string;
  /** `format=…` for CSV, so every batch is read with the flavor detected from the file's header. */
  readonly query: string;
  readonly body: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * Re-frames records read from a file as a request body in the same format,
 * byte for byte, so the server sees each record exactly as the file has it
 * (and rejects or keeps in the DLQ exactly what the file holds):
 *
 * - NDJSON: the lines, joined by `\n` (batch line k is record k);
 * - JSON: the elements inside `[…]`; an element was cut out of the file's
 *   array at its structural boundaries, so the server splits them back the same;
 * - CSV: the file's header line, then the rows (batch row k is record k).
 */
export function encodeHttpBatch(format: RawFormat, items: readonly SubmittedItem[], csvHeader: CsvHeader | undefined): HttpBatch {
  switch (format) {
    case 'ndjson':
      return {
        contentType: 'application/x-ndjson',
        query: '',
        body: join(
          items.map((item) => item.bytes),
          '\n',
          '',
          '\n',
        ),
      };
    case 'json':
      return {
        contentType: 'application/json',
        query: '',
        body: join(
          items.map((item) => item.bytes),
          ',\n',
          '[\n',
          '\n]\n',
        ),
      };
    case 'csv':
    case 'acled-csv': {
      const parts = [csvHeader?.bytes ?? new Uint8Array(), ...items.map((item) => item.bytes)];
      // No terminator after the last row: a row whose quote never closes runs to the end of the body, as it did in the file.
      return { contentType: 'text/csv; charset=utf-8', query: `format=${format}`, body: join(parts, '\r\n', '', '') };
    }
  }
}

function join(parts: readonly Uint8Array[], separator: string, prefix: string, suffix: string): Uint8Array {
  const sep = encoder.encode(separator);
  const head = encoder.encode(prefix);
  const tail = encoder.encode(suffix);
  const size = head.length + tail.length + parts.reduce((sum, part) => sum + part.length, 0) + sep.length * Math.max(parts.length - 1, 0);
  const out = new Uint8Array(size);
  let offset = 0;
  const put = (bytes: Uint8Array) => {
    out.set(bytes, offset);
    offset += bytes.length;
  };
  put(head);
  parts.forEach((part, i) => {
    if (i > 0) put(sep);
    put(part);
  });
  put(tail);
  return out;
}

/**
 * The server answers one result per record, in order, with positions inside
 * the batch; this puts the file's positions back.
 */
export function withFilePositions(items: readonly SubmittedItem[], results: readonly RecordResult[]): RecordResult[] {
  return results.map((result, i) => {
    const item = items[i];
    if (item === undefined) return result;
    const { index: _index, line: _line, row: _row, ...outcome } = result as RecordResult & { index?: number; line?: number; row?: number };
    return { ...item.position, ...outcome } as RecordResult;
  });
}
