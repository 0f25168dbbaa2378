/**
 * Collects the bytes of one record across input chunks, keeping at most
 * `maxBytes` of them. Past the cap it only counts, so a hostile 10 GB line
 * costs a counter, not memory; the kept prefix is what a DLQ record shows.
 */
export class ByteAccumulator {
  readonly #maxBytes: number;
  #buffer: Uint8Array;
  #kept = 0;
  #total = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
    this.#buffer = new Uint8Array(Math.min(maxBytes, 1024));
  }

  /** Bytes seen since the last reset, including those beyond the cap. */
  get totalBytes(): number {
    return this.#total;
  }

  /** True when more than `maxBytes` were appended since the last reset. */
  get overflowed(): boolean {
    return this.#total > this.#maxBytes;
  }

  /** Appends `source[start, end)`. */
  append(source: Uint8Array, start = 0, end = source.length): void {
    const length = end - start;
    if (length <= 0) return;
    this.#total += length;
    const room = this.#maxBytes - this.#kept;
    if (room <= 0) return;
    const take = Math.min(room, length);
    this.#ensureCapacity(this.#kept + take);
    this.#buffer.set(source.subarray(start, start + take), this.#kept);
    this.#kept += take;
  }

  appendByte(byte: number): void {
    this.#total += 1;
    if (this.#kept >= this.#maxBytes) return;
    this.#ensureCapacity(this.#kept + 1);
    this.#buffer[this.#kept] = byte;
    this.#kept += 1;
  }

  /** A copy of the kept bytes. */
  bytes(): Uint8Array {
    return this.#buffer.slice(0, this.#kept);
  }

  reset(): void {
    this.#kept = 0;
    this.#total = 0;
    // Give back the memory of an unusually large record.
    if (this.#buffer.length > 64 * 1024) this.#buffer = new Uint8Array(Math.min(this.#maxBytes, 1024));
  }

  #ensureCapacity(needed: number): void {
    if (needed <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.min(this.#maxBytes, Math.max(needed, this.#buffer.length * 2)));
    grown.set(this.#buffer.subarray(0, this.#kept));
    this.#buffer = grown;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 text of `bytes`, or `undefined` when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const bom = [0xef, 0xbb, 0xbf] as const;

/**
 * Removes a UTF-8 byte order mark at the start of a stream (spreadsheet
 * exports write one), however the stream is chunked: up to two bytes are held
 * back until it is clear whether they begin a BOM.
 */
export class BomStripper {
  #decided = false;
  #held: number[] = [];

  push(chunk: Uint8Array): Uint8Array {
    if (this.#decided) return chunk;
    let index = 0;
    while (index < chunk.length && this.#held.length < bom.length) {
      const byte = chunk[index]!;
      if (byte !== bom[this.#held.length]) return this.#release(chunk.subarray(index));
      this.#held.push(byte);
      index += 1;
    }
    if (this.#held.length === bom.length) {
      this.#decided = true;
      this.#held = [];
      return chunk.subarray(index);
    }
    return new Uint8Array(0);
  }

  /** Bytes still held back at the end of the stream (a stream shorter than a BOM). */
  end(): Uint8Array {
    return this.#decided ? new Uint8Array(0) : this.#release(new Uint8Array(0));
  }

  #release(rest: Uint8Array): Uint8Array {
    this.#decided = true;
    if (this.#held.length === 0) return rest;
    const out = new Uint8Array(this.#held.length + rest.length);
    out.set(this.#held);
    out.set(rest, this.#held.length);
    this.#held = [];
    return out;
  }
}
