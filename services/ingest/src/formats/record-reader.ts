import { rawFormats, type RawFormat } from '@vigia/schemas';
import { IngestError } from '../ingest-errors.ts';
import { CsvReader, type CsvFlavor, type CsvHeader } from './csv-reader.ts';
import { JsonReader, NdjsonReader } from './json-readers.ts';
import type { SubmittedItem } from './submitted-item.ts';

/**
 * How to read a submission. `csv` without a flavor detects ours or ACLED's
 * from the header; `acled-csv` and `csv` with a flavor force it.
 */
export type ReaderFormat = { readonly kind: 'json' } | { readonly kind: 'ndjson' } | { readonly kind: 'csv'; readonly flavor?: CsvFlavor };

/**
 * A push parser for one submission: feed it the body's chunks in order, then
 * call `end()`. It returns records as soon as they are complete, so memory
 * stays bounded by one record, whatever the size of the body.
 */
export interface RecordReader {
  push(chunk: Uint8Array): SubmittedItem[];
  /** Returns the last records; throws `VIGIA_INGEST_BODY_MALFORMED` when the body as a whole is unreadable. */
  end(): SubmittedItem[];
  /** The format of the records; for CSV only once the header was read. */
  readonly format: RawFormat | undefined;
  readonly csvHeader: CsvHeader | undefined;
}

export interface RecordReaderOptions {
  /** Longest record kept; a longer one is rejected as `SCHEMA_INVALID` with its first bytes. */
  readonly maxRecordBytes: number;
  /** Most columns of a CSV record (`defaultMaxCsvColumns` when absent). */
  readonly maxCsvColumns?: number;
  /** Longest CSV field (`defaultMaxCsvFieldBytes` when absent). */
  readonly maxCsvFieldBytes?: number;
}

export function createRecordReader(format: ReaderFormat, options: RecordReaderOptions): RecordReader {
  switch (format.kind) {
    case 'json':
    case 'ndjson': {
      const reader = format.kind === 'json' ? new JsonReader(options) : new NdjsonReader(options);
      return {
        push: (chunk) => reader.push(chunk),
        end: () => reader.end(),
        format: format.kind,
        csvHeader: undefined,
      };
    }
    case 'csv': {
      const reader = new CsvReader({
        maxRecordBytes: options.maxRecordBytes,
        ...(options.maxCsvColumns === undefined ? {} : { maxColumns: options.maxCsvColumns }),
        ...(options.maxCsvFieldBytes === undefined ? {} : { maxFieldBytes: options.maxCsvFieldBytes }),
        ...(format.flavor === undefined ? {} : { flavor: format.flavor }),
      });
      return {
        push: (chunk) => reader.push(chunk),
        end: () => reader.end(),
        get format() {
          return reader.header?.flavor;
        },
        get csvHeader() {
          return reader.header;
        },
      };
    }
  }
}

/** Parses a format name (`json`, `ndjson`, `csv`, `acled-csv`); throws `VIGIA_INGEST_FORMAT_UNKNOWN`. */
export function readerFormatOfName(name: string): ReaderFormat {
  switch (name.trim().toLowerCase()) {
    case 'json':
      return { kind: 'json' };
    case 'ndjson':
    case 'jsonl':
      return { kind: 'ndjson' };
    case 'csv':
      return { kind: 'csv', flavor: 'csv' };
    case 'acled-csv':
    case 'acled':
      return { kind: 'csv', flavor: 'acled-csv' };
    default:
      throw new IngestError('VIGIA_INGEST_FORMAT_UNKNOWN', `unknown format ${JSON.stringify(name)}; use one of ${rawFormats.join(', ')}`, {
        context: { format: name },
      });
  }
}

const jsonTypes = new Set(['application/json', 'text/json']);
const ndjsonTypes = new Set([
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonl',
  'application/jsonlines',
  'application/x-jsonlines',
]);
const csvTypes = new Set(['text/csv', 'application/csv']);

/** The media type of a Content-Type header, lower-case, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return type === undefined || type === '' ? undefined : type;
}

/** The charset parameter of a Content-Type header, lower-case, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

/**
 * The reader format of an HTTP request from its Content-Type and an optional
 * `format` query parameter, which may only narrow CSV (`csv` or `acled-csv`)
 * or repeat the content type. Throws `VIGIA_INGEST_FORMAT_UNKNOWN`.
 */
export function readerFormatOfRequest(contentType: string | undefined, formatParam: string | undefined): ReaderFormat {
  const type = mediaTypeOf(contentType);
  let fromType: ReaderFormat | undefined;
  if (type !== undefined && jsonTypes.has(type)) fromType = { kind: 'json' };
  else if (type !== undefined && ndjsonTypes.has(type)) fromType = { kind: 'ndjson' };
  else if (type !== undefined && csvTypes.has(type)) fromType = { kind: 'csv' };
  if (fromType === undefined) {
    throw new IngestError(
      'VIGIA_INGEST_FORMAT_UNKNOWN',
      `unsupported content type ${JSON.stringify(type ?? '(none)')}; send application/json, application/x-ndjson or text/csv`,
      { context: { contentType: type ?? null } },
    );
  }
  if (formatParam === undefined || formatParam === '') return fromType;
  const fromParam = readerFormatOfName(formatParam);
  if (fromParam.kind !== fromType.kind) {
    throw new IngestError(
      'VIGIA_INGEST_FORMAT_UNKNOWN',
      `format=${formatParam} does not match the content type ${type}; send the body with the content type of its format`,
      { context: { contentType: type, format: formatParam } },
    );
  }
  return fromParam;
}

/** The reader format of a file from its extension (`.json`, `.ndjson`, `.jsonl`, `.csv`); undefined when unknown. */
export function readerFormatOfFileName(fileName: string): ReaderFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return { kind: 'json' };
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return { kind: 'ndjson' };
  if (lower.endsWith('.csv')) return { kind: 'csv' };
  return undefined;
}
