import { bodyMalformed } from '../ingest-errors.ts';
import { CsvParser, type CsvEvent } from './csv-parser.ts';
import type { SubmittedItem } from './submitted-item.ts';

/** Our own CSV columns, or an export from ACLED (detected from its header). */
export type CsvFlavor = 'csv' | 'acled-csv';

/** The column ACLED exports always have and our CSV never does. */
export const acledIdColumn = 'event_id_cnty';

export interface CsvHeader {
  readonly names: readonly string[];
  /** The header line as sent, for DLQ records of its rows. */
  readonly bytes: Uint8Array;
  readonly flavor: CsvFlavor;
}

export interface CsvReaderOptions {
  readonly maxRecordBytes: number;
  readonly maxColumns?: number;
  readonly maxFieldBytes?: number;
  /** Forces the flavor (`?format=acled-csv`); detected from the header when absent. */
  readonly flavor?: CsvFlavor;
}

/** Which flavor a header is: ACLED when it has ACLED's id column, unless the sender said otherwise. */
export function detectCsvFlavor(names: readonly string[], forced?: CsvFlavor): CsvFlavor {
  if (forced !== undefined) return forced;
  return names.includes(acledIdColumn) ? 'acled-csv' : 'csv';
}

/**
 * Reads a CSV body with a header row into records: each data row becomes
 * header name → cell text. The header is the envelope of the whole body, so a
 * header that cannot name every column (broken, empty or duplicate names)
 * throws `VIGIA_INGEST_BODY_MALFORMED`; a bad data row is one rejected record.
 */
export class CsvReader {
  readonly #parser: CsvParser;
  readonly #forced: CsvFlavor | undefined;
  #header: CsvHeader | undefined;
  #row = 0;

  constructor(options: CsvReaderOptions) {
    this.#parser = new CsvParser({
      maxRecordBytes: options.maxRecordBytes,
      ...(options.maxColumns === undefined ? {} : { maxColumns: options.maxColumns }),
      ...(options.maxFieldBytes === undefined ? {} : { maxFieldBytes: options.maxFieldBytes }),
    });
    this.#forced = options.flavor;
  }

  /** The header, once its line was read. */
  get header(): CsvHeader | undefined {
    return this.#header;
  }

  push(chunk: Uint8Array): SubmittedItem[] {
    return this.#items(this.#parser.push(chunk));
  }

  end(): SubmittedItem[] {
    const items = this.#items(this.#parser.end());
    if (this.#header === undefined) {
      throw bodyMalformed({ reason: 'CSV_MALFORMED', field: 'header', message: 'the body is empty; the first line must be the header row' });
    }
    return items;
  }

  #items(events: readonly CsvEvent[]): SubmittedItem[] {
    const items: SubmittedItem[] = [];
    for (const event of events) {
      if (this.#header === undefined) this.#header = readHeader(event, this.#forced);
      else items.push(this.#item(this.#header, event));
    }
    return items;
  }

  #item(header: CsvHeader, event: CsvEvent): SubmittedItem {
    this.#row += 1;
    const common = {
      position: { line: event.line, row: this.#row },
      recordNumber: this.#row,
      bytes: event.bytes,
      byteLength: event.byteLength,
    };
    if (event.kind === 'malformed') {
      const reason = event.oversize ? 'SCHEMA_INVALID' : 'CSV_MALFORMED';
      return { kind: 'malformed', ...common, reason, field: '', message: event.message };
    }
    if (event.fields.length !== header.names.length) {
      const message = `the row has ${event.fields.length} fields; the header has ${header.names.length}`;
      return { kind: 'malformed', ...common, reason: 'CSV_MALFORMED', field: '', message };
    }
    // fromEntries defines own properties, so a column named __proto__ stays a plain cell.
    const columns = Object.fromEntries(header.names.map((name, i) => [name, event.fields[i] ?? '']));
    return { kind: 'csv-row', ...common, columns };
  }
}

function readHeader(event: CsvEvent, forced: CsvFlavor | undefined): CsvHeader {
  const fail = (message: string) =>
    bodyMalformed({ reason: 'CSV_MALFORMED', field: 'header', message: `header row (line ${event.line}): ${message}`, line: event.line });
  if (event.kind === 'malformed') throw fail(event.message);
  const names = event.fields.map((name) => name.trim());
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === '') throw fail(`column ${i + 1} has no name; every column needs one`);
    if (seen.has(name)) throw fail(`column name ${JSON.stringify(name)} appears twice`);
    seen.add(name);
  }
  return { names, bytes: event.bytes, flavor: detectCsvFlavor(names, forced) };
}
