import { BomStripper, ByteAccumulator } from './byte-accumulator.ts';

/** One line of an NDJSON stream, without its `\n` or `\r\n`. */
export interface NdjsonLine {
  /** 1-based line number. */
  readonly line: number;
  /** The line's bytes, cut to `maxLineBytes`. */
  readonly bytes: Uint8Array;
  readonly byteLength: number;
}

const newline = 0x0a;
const carriageReturn = 0x0d;

/**
 * Splits a byte stream into lines (NDJSON, JSON Lines) in constant memory:
 * a line longer than `maxLineBytes` is kept only up to the limit and
 * reported with its full length. Splitting on the `\n` byte is safe in UTF-8,
 * where no multi-byte character contains it; each line is decoded on its own,
 * so a bad byte spoils one line only.
 */
export class NdjsonSplitter {
  readonly #bom = new BomStripper();
  readonly #current: ByteAccumulator;
  #line = 1;

  constructor(options: { readonly maxLineBytes: number }) {
    // One extra byte so a line of exactly the limit plus its `\r` is not counted as too long.
    this.#current = new ByteAccumulator(options.maxLineBytes + 1);
  }

  push(chunk: Uint8Array): NdjsonLine[] {
    const bytes = this.#bom.push(chunk);
    const out: NdjsonLine[] = [];
    let start = 0;
    for (;;) {
      const end = bytes.indexOf(newline, start);
      if (end === -1) break;
      this.#current.append(bytes, start, end);
      out.push(this.#finish());
      start = end + 1;
    }
    this.#current.append(bytes, start);
    return out;
  }

  /** The last line when the stream does not end with a newline. */
  end(): NdjsonLine[] {
    const out = this.push(this.#bom.end());
    if (this.#current.totalBytes > 0) out.push(this.#finish());
    return out;
  }

  #finish(): NdjsonLine {
    let bytes = this.#current.bytes();
    let byteLength = this.#current.totalBytes;
    if (!this.#current.overflowed && bytes.at(-1) === carriageReturn) {
      bytes = bytes.subarray(0, -1);
      byteLength -= 1;
    }
    const line: NdjsonLine = { line: this.#line, bytes, byteLength };
    this.#line += 1;
    this.#current.reset();
    return line;
  }
}
