import { bodyMalformed } from '../ingest-errors.ts';
import { BomStripper, ByteAccumulator } from './byte-accumulator.ts';

/** One top-level value of a JSON body: an element of the top-level array, or the whole value. */
export interface JsonElement {
  /** 0-based array index; 0 for a body that is not an array. */
  readonly index: number;
  /** The element's text, cut to `maxElementBytes`. */
  readonly bytes: Uint8Array;
  readonly byteLength: number;
  /** 1-based line where the element starts. */
  readonly line: number;
  /** False when the body is a single value rather than an array. */
  readonly inArray: boolean;
}

type Mode = 'start' | 'array-first' | 'array-next' | 'element' | 'after-element' | 'closed';

const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const newline = 0x0a;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === newline || byte === 0x0d;
}

/**
 * Splits a JSON body into its top-level values in one pass and constant
 * memory, so a multi-gigabyte array file streams: `[a, b, c]` gives `a`, `b`
 * and `c`; any other body gives itself as element 0.
 *
 * It checks only the structure that separates elements (brackets, strings,
 * commas); each element's own syntax is left to `JSON.parse`, so one broken
 * element is one rejected record while the rest of the array is still read.
 * Structural damage (an unclosed array, mismatched brackets, a trailing
 * comma, data after the closing bracket) makes the element boundaries
 * unknowable and throws `VIGIA_INGEST_BODY_MALFORMED`.
 */
export class JsonSplitter {
  readonly #bom = new BomStripper();
  readonly #element: ByteAccumulator;
  #mode: Mode = 'start';
  #inArray = false;
  #index = 0;
  #line = 1;
  #column = 0;
  // State of the element being read.
  #stack: number[] = [];
  #inString = false;
  #escaped = false;
  #scalar = false;
  #elementLine = 1;
  #failure: unknown;

  constructor(options: { readonly maxElementBytes: number }) {
    this.#element = new ByteAccumulator(options.maxElementBytes);
  }

  /** True once the body turned out to be an array; `undefined` before its first byte. */
  get isArray(): boolean | undefined {
    return this.#mode === 'start' ? undefined : this.#inArray;
  }

  /**
   * Elements completed by this chunk. When the structure breaks, the elements
   * completed before the break are returned first and the error is thrown by
   * the next call, so a reader keeps everything that preceded it.
   */
  push(chunk: Uint8Array): JsonElement[] {
    if (this.#failure !== undefined) throw this.#failure;
    const bytes = this.#bom.push(chunk);
    const out: JsonElement[] = [];
    try {
      for (let i = 0; i < bytes.length; i += 1) this.#step(bytes[i]!, out);
    } catch (error) {
      this.#failure = error;
      if (out.length === 0) throw error;
    }
    return out;
  }

  /** The last element; throws when the body ended in the middle of its structure. */
  end(): JsonElement[] {
    const out = this.push(this.#bom.end());
    if (this.#failure !== undefined) throw this.#failure;
    switch (this.#mode) {
      case 'start':
        throw this.#error('body', 'the body is empty; send a JSON object or an array of objects');
      case 'element':
        if (this.#inArray) throw this.#unclosedArray();
        if (!this.#scalar || this.#inString) {
          throw this.#error('body', 'the body ends before its JSON value is complete (a bracket or quote is not closed)');
        }
        out.push(this.#emit());
        return out;
      case 'array-first':
      case 'array-next':
        throw this.#unclosedArray();
      case 'after-element':
        if (this.#inArray) throw this.#unclosedArray();
        out.push(this.#emit());
        return out;
      case 'closed':
        return out;
    }
  }

  #step(byte: number, out: JsonElement[]): void {
    if (byte === newline) {
      this.#line += 1;
      this.#column = 0;
    } else {
      this.#column += 1;
    }
    switch (this.#mode) {
      case 'start':
        if (isWhitespace(byte)) return;
        if (byte === openBracket) {
          this.#inArray = true;
          this.#mode = 'array-first';
          return;
        }
        this.#startElement(byte);
        return;
      case 'array-first':
        if (isWhitespace(byte)) return;
        if (byte === closeBracket) {
          this.#mode = 'closed';
          return;
        }
        this.#arrayValue(byte);
        return;
      case 'array-next':
        if (isWhitespace(byte)) return;
        this.#arrayValue(byte);
        return;
      case 'element':
        this.#elementByte(byte, out);
        return;
      case 'after-element':
        if (isWhitespace(byte)) return;
        if (this.#inArray && byte === comma) {
          out.push(this.#emit());
          this.#mode = 'array-next';
          return;
        }
        if (this.#inArray && byte === closeBracket) {
          out.push(this.#emit());
          this.#mode = 'closed';
          return;
        }
        {
          // The element itself is complete; only what follows it is broken.
          const index = this.#index;
          out.push(this.#emit());
          throw this.#inArray
            ? this.#error(`[${index}]`, `expected , or ] after element ${index}`)
            : this.#error('body', 'unexpected data after the JSON value; send one value, or an array of values');
        }
      case 'closed':
        if (isWhitespace(byte)) return;
        throw this.#error('body', 'unexpected data after the closing ] of the array');
    }
  }

  #arrayValue(byte: number): void {
    if (byte === comma || byte === closeBracket) {
      throw this.#error(`[${this.#index}]`, `element ${this.#index} is empty (a stray or trailing comma)`);
    }
    this.#startElement(byte);
  }

  #startElement(byte: number): void {
    this.#mode = 'element';
    this.#element.reset();
    this.#stack = [];
    this.#inString = false;
    this.#escaped = false;
    this.#scalar = false;
    this.#elementLine = this.#line;
    this.#element.appendByte(byte);
    if (byte === openBrace || byte === openBracket) this.#stack.push(byte);
    else if (byte === quote) this.#inString = true;
    else this.#scalar = true;
  }

  #elementByte(byte: number, out: JsonElement[]): void {
    if (this.#inString) {
      this.#element.appendByte(byte);
      if (this.#escaped) this.#escaped = false;
      else if (byte === backslash) this.#escaped = true;
      else if (byte === quote) {
        this.#inString = false;
        if (this.#stack.length === 0) this.#mode = 'after-element';
      }
      return;
    }
    if (this.#scalar) {
      if (isWhitespace(byte)) {
        this.#mode = 'after-element';
      } else if (this.#inArray && byte === comma) {
        out.push(this.#emit());
        this.#mode = 'array-next';
      } else if (this.#inArray && byte === closeBracket) {
        out.push(this.#emit());
        this.#mode = 'closed';
      } else {
        this.#element.appendByte(byte);
      }
      return;
    }
    this.#element.appendByte(byte);
    if (byte === quote) {
      this.#inString = true;
    } else if (byte === openBrace || byte === openBracket) {
      this.#stack.push(byte);
    } else if (byte === closeBrace || byte === closeBracket) {
      const open = this.#stack.pop();
      if ((byte === closeBrace) !== (open === openBrace)) {
        const field = this.#inArray ? `[${this.#index}]` : 'body';
        throw this.#error(field, `mismatched ${String.fromCharCode(byte)}`);
      }
      if (this.#stack.length === 0) this.#mode = 'after-element';
    }
  }

  #emit(): JsonElement {
    const element: JsonElement = {
      index: this.#index,
      bytes: this.#element.bytes(),
      byteLength: this.#element.totalBytes,
      line: this.#elementLine,
      inArray: this.#inArray,
    };
    this.#index += 1;
    this.#element.reset();
    return element;
  }

  #unclosedArray(): Error {
    return this.#error('body', `the body ends inside the array (after element ${this.#index}); it needs a closing ]`);
  }

  #error(field: string, message: string): Error {
    return bodyMalformed({
      reason: 'JSON_MALFORMED',
      field,
      message: `${message} (line ${this.#line}, column ${this.#column})`,
      line: this.#line,
      column: this.#column,
    });
  }
}
