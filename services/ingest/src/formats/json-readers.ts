import { bodyMalformed } from '../ingest-errors.ts';
import { decodeUtf8 } from './byte-accumulator.ts';
import { JsonSplitter, type JsonElement } from './json-splitter.ts';
import { NdjsonSplitter, type NdjsonLine } from './ndjson-splitter.ts';
import { oversizeMessage, type ItemPosition, type SubmittedItem } from './submitted-item.ts';

type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

function parseJson(bytes: Uint8Array): Parsed {
  const text = decodeUtf8(bytes);
  if (text === undefined) return { ok: false, message: 'not valid UTF-8' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function itemOf(position: ItemPosition, recordNumber: number, bytes: Uint8Array, byteLength: number, maxRecordBytes: number): SubmittedItem {
  const common = { position, recordNumber, bytes, byteLength };
  if (byteLength > maxRecordBytes) {
    return { kind: 'malformed', ...common, reason: 'SCHEMA_INVALID', field: '', message: oversizeMessage(byteLength, maxRecordBytes) };
  }
  const parsed = parseJson(bytes);
  if (!parsed.ok) return { kind: 'malformed', ...common, reason: 'JSON_MALFORMED', field: '', message: parsed.message };
  return { kind: 'json', ...common, value: parsed.value };
}

/**
 * Reads an `application/json` body: one value, or an array whose elements
 * are the records. An element that is not valid JSON is one rejected record;
 * a single value that is not valid JSON makes the whole body unreadable.
 */
export class JsonReader {
  readonly #splitter: JsonSplitter;
  readonly #maxRecordBytes: number;

  constructor(options: { readonly maxRecordBytes: number }) {
    this.#maxRecordBytes = options.maxRecordBytes;
    // Keep one byte more than the limit so "too long" is told apart from "exactly the limit".
    this.#splitter = new JsonSplitter({ maxElementBytes: options.maxRecordBytes + 1 });
  }

  push(chunk: Uint8Array): SubmittedItem[] {
    return this.#splitter.push(chunk).map((element) => this.#item(element));
  }

  end(): SubmittedItem[] {
    return this.#splitter.end().map((element) => this.#item(element));
  }

  #item(element: JsonElement): SubmittedItem {
    const item = itemOf({ index: element.index }, element.index + 1, element.bytes, element.byteLength, this.#maxRecordBytes);
    if (!element.inArray && item.kind === 'malformed' && item.reason === 'JSON_MALFORMED') {
      throw bodyMalformed({ reason: 'JSON_MALFORMED', field: 'body', message: `the body is ${item.message}` });
    }
    return item;
  }
}

const whitespace = new Set([0x20, 0x09, 0x0d, 0x0a]);

function isBlank(line: NdjsonLine): boolean {
  return line.bytes.every((byte) => whitespace.has(byte));
}

/**
 * Reads NDJSON (JSON Lines): one record per line, blank lines skipped. A line
 * that is not valid JSON is one rejected record reported with its line number.
 */
export class NdjsonReader {
  readonly #splitter: NdjsonSplitter;
  readonly #maxRecordBytes: number;

  constructor(options: { readonly maxRecordBytes: number }) {
    this.#maxRecordBytes = options.maxRecordBytes;
    this.#splitter = new NdjsonSplitter({ maxLineBytes: options.maxRecordBytes });
  }

  push(chunk: Uint8Array): SubmittedItem[] {
    return this.#items(this.#splitter.push(chunk));
  }

  end(): SubmittedItem[] {
    return this.#items(this.#splitter.end());
  }

  #items(lines: readonly NdjsonLine[]): SubmittedItem[] {
    const items: SubmittedItem[] = [];
    for (const line of lines) {
      if (line.byteLength <= this.#maxRecordBytes && isBlank(line)) continue;
      items.push(itemOf({ line: line.line }, line.line, line.bytes, line.byteLength, this.#maxRecordBytes));
    }
    return items;
  }
}
