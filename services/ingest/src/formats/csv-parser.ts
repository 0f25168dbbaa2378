import { BomStripper, ByteAccumulator, decodeUtf8 } from './byte-accumulator.ts';
import { oversizeMessage } from './submitted-item.ts';

/** A record of a CSV stream: its fields, or why it could not be read. */
export type CsvEvent =
  | {
      readonly kind: 'row';
      /** 1-based line where the record starts (a quoted field may span lines). */
      readonly line: number;
      readonly fields: readonly string[];
      /** The record's bytes without its line terminator. */
      readonly bytes: Uint8Array;
      readonly byteLength: number;
    }
  | {
      readonly kind: 'malformed';
      readonly line: number;
      readonly message: string;
      /** True when the record was only too long, not broken. */
      readonly oversize: boolean;
      /** The record's bytes as far as they were read (cut to `maxRecordBytes`). */
      readonly bytes: Uint8Array;
      readonly byteLength: number;
    };

/**
 * Most columns a record may have. Our CSV has about 30 and an ACLED export 31;
 * a 5,000-column body blocked the event loop for 6.8 s and took 533 MB
 * (issue 13), so a record is cut off as soon as it passes the limit.
 */
export const defaultMaxCsvColumns = 200;

/** Longest single field (ACLED's notes are under 2 KB); a longer one makes its record malformed. */
export const defaultMaxCsvFieldBytes = 64 * 1024;

export interface CsvLimits {
  readonly maxRecordBytes: number;
  /** Default `defaultMaxCsvColumns`. */
  readonly maxColumns?: number;
  /** Default `defaultMaxCsvFieldBytes`, never more than `maxRecordBytes`. */
  readonly maxFieldBytes?: number;
}

const State = {
  fieldStart: 0,
  unquoted: 1,
  quoted: 2,
  quoteSeen: 3,
  skipping: 4,
} as const;
type State = (typeof State)[keyof typeof State];

const quote = 0x22;
const comma = 0x2c;
const newline = 0x0a;
const carriageReturn = 0x0d;

/**
 * A streaming RFC 4180 parser over bytes: fields separated by commas, records
 * by CRLF or LF (a lone CR too), fields optionally in double quotes, where a
 * doubled quote is a literal quote and commas and line breaks are data. It
 * works on bytes because the separators are ASCII, which never occurs inside
 * a UTF-8 multi-byte character; each field is decoded strictly on its own.
 *
 * It is strict where the RFC is: a quote inside an unquoted field, text after
 * a closing quote, invalid UTF-8 or a field that never closes make that one
 * record `malformed` (the parser skips to the end of its line and goes on).
 * Blank lines are skipped. Memory is bounded by `maxRecordBytes`: a longer
 * record is reported as malformed with its first bytes.
 */
export class CsvParser {
  readonly #maxRecordBytes: number;
  readonly #maxColumns: number;
  readonly #maxFieldBytes: number;
  readonly #bom = new BomStripper();
  readonly #record: ByteAccumulator;
  readonly #field: ByteAccumulator;
  #fields: string[] = [];
  #state: State = State.fieldStart;
  #problem: string | undefined;
  #line = 1;
  #recordLine = 1;
  #afterCr = false;
  #swallowLf = false;

  constructor(options: CsvLimits) {
    this.#maxRecordBytes = options.maxRecordBytes;
    this.#maxColumns = options.maxColumns ?? defaultMaxCsvColumns;
    this.#maxFieldBytes = Math.min(options.maxFieldBytes ?? defaultMaxCsvFieldBytes, options.maxRecordBytes);
    this.#record = new ByteAccumulator(options.maxRecordBytes);
    // Counts past the cap without keeping the bytes: an oversized field costs a counter, not memory.
    this.#field = new ByteAccumulator(this.#maxFieldBytes);
  }

  push(chunk: Uint8Array): CsvEvent[] {
    const bytes = this.#bom.push(chunk);
    const out: CsvEvent[] = [];
    for (let i = 0; i < bytes.length; i += 1) this.#step(bytes[i]!, out);
    return out;
  }

  end(): CsvEvent[] {
    const out = this.push(this.#bom.end());
    switch (this.#state) {
      case State.quoted:
        this.#problem ??= `the quoted field of column ${this.#fields.length + 1} is never closed`;
        out.push(this.#endRecord());
        break;
      case State.fieldStart:
        if (this.#fields.length > 0 || this.#record.totalBytes > 0) {
          this.#endField();
          out.push(this.#endRecord());
        }
        break;
      case State.unquoted:
      case State.quoteSeen:
        this.#endField();
        out.push(this.#endRecord());
        break;
      case State.skipping:
        out.push(this.#endRecord());
        break;
    }
    return out;
  }

  #step(byte: number, out: CsvEvent[]): void {
    const swallow = this.#swallowLf && byte === newline;
    this.#swallowLf = false;
    this.#countLine(byte);
    if (swallow) return;
    if (this.#state === State.fieldStart && this.#fields.length === 0 && this.#record.totalBytes === 0) {
      this.#recordLine = this.#line - (byte === newline || byte === carriageReturn ? 1 : 0);
    }
    switch (this.#state) {
      case State.fieldStart:
        if (byte === quote) {
          this.#state = State.quoted;
          this.#record.appendByte(byte);
        } else if (byte === comma) {
          this.#record.appendByte(byte);
          this.#endField();
          this.#checkColumns();
        } else if (byte === newline || byte === carriageReturn) {
          // An empty line is no record at all; a line ending in a comma has a last, empty field.
          if (this.#fields.length > 0 || this.#record.totalBytes > 0) {
            this.#endField();
            out.push(this.#endRecord());
          }
          this.#swallowLf = byte === carriageReturn;
        } else {
          this.#state = State.unquoted;
          this.#record.appendByte(byte);
          this.#field.appendByte(byte);
        }
        return;
      case State.unquoted:
        if (byte === comma) {
          this.#record.appendByte(byte);
          this.#endField();
          this.#state = State.fieldStart;
          this.#checkColumns();
        } else if (byte === newline || byte === carriageReturn) {
          this.#endField();
          out.push(this.#endRecord());
          this.#swallowLf = byte === carriageReturn;
        } else if (byte === quote) {
          this.#fail(byte, `a quote inside an unquoted field (column ${this.#fields.length + 1}); quote the whole field and double the quote ("")`);
        } else {
          this.#record.appendByte(byte);
          this.#field.appendByte(byte);
        }
        return;
      case State.quoted:
        this.#record.appendByte(byte);
        if (byte === quote) this.#state = State.quoteSeen;
        else this.#field.appendByte(byte);
        return;
      case State.quoteSeen:
        if (byte === quote) {
          this.#record.appendByte(byte);
          this.#field.appendByte(byte);
          this.#state = State.quoted;
        } else if (byte === comma) {
          this.#record.appendByte(byte);
          this.#endField();
          this.#state = State.fieldStart;
          this.#checkColumns();
        } else if (byte === newline || byte === carriageReturn) {
          this.#endField();
          out.push(this.#endRecord());
          this.#swallowLf = byte === carriageReturn;
        } else {
          this.#fail(byte, `text after the closing quote of column ${this.#fields.length + 1}; a quoted field must end at , or the line end`);
        }
        return;
      case State.skipping:
        if (byte === newline || byte === carriageReturn) {
          out.push(this.#endRecord());
          this.#swallowLf = byte === carriageReturn;
        } else {
          this.#record.appendByte(byte);
        }
        return;
    }
  }

  #countLine(byte: number): void {
    if (byte === carriageReturn) this.#line += 1;
    else if (byte === newline && !this.#afterCr) this.#line += 1;
    this.#afterCr = byte === carriageReturn;
  }

  #fail(byte: number, message: string): void {
    this.#problem ??= message;
    this.#record.appendByte(byte);
    this.#state = State.skipping;
  }

  /** After a comma: a record with more columns than allowed is skipped to its line end, its fields no longer decoded. */
  #checkColumns(): void {
    if (this.#fields.length < this.#maxColumns || this.#problem !== undefined) return;
    this.#problem = `more than ${this.#maxColumns} columns; a report has about 30`;
    this.#state = State.skipping;
  }

  #endField(): void {
    if (this.#field.overflowed) {
      this.#problem ??= `column ${this.#fields.length + 1} is longer than ${this.#maxFieldBytes} bytes`;
    }
    if (!this.#record.overflowed && this.#problem === undefined) {
      const text = decodeUtf8(this.#field.bytes());
      if (text === undefined) this.#problem = `column ${this.#fields.length + 1} is not valid UTF-8`;
      else this.#fields.push(text);
    }
    this.#field.reset();
  }

  #endRecord(): CsvEvent {
    const base = { line: this.#recordLine, bytes: this.#record.bytes(), byteLength: this.#record.totalBytes };
    let event: CsvEvent;
    if (this.#record.overflowed) {
      const message = oversizeMessage(this.#record.totalBytes, this.#maxRecordBytes);
      event = { kind: 'malformed', ...base, message, oversize: true };
    } else if (this.#problem !== undefined) {
      event = { kind: 'malformed', ...base, message: this.#problem, oversize: false };
    } else {
      event = { kind: 'row', ...base, fields: this.#fields };
    }
    this.#fields = [];
    this.#problem = undefined;
    this.#state = State.fieldStart;
    this.#record.reset();
    this.#field.reset();
    return event;
  }
}
