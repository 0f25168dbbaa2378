/**
 * Where bucket pages come from: views on shared slabs rather than a
 * `new Float64Array` each. A typed array of its own gets its own backing
 * store, which V8 allocates outside the heap and tracks for the collector —
 * about 1 µs per page, twenty times a view on an existing buffer — and a
 * batch of late reports opens thousands of pages. A dropped page goes back to
 * a free list and is handed out again zeroed, so the slabs stay as large as
 * the most pages ever held at once. One pool per state: the slabs of a
 * dropped state go with it, instead of being kept alive by a page of another.
 */
export class PagePool {
  readonly #length: number;
  readonly #slabPages: number;
  #slab: ArrayBuffer | undefined;
  #taken = 0;
  readonly #free: Float64Array[] = [];

  /** Pages of `length` doubles, in slabs of `slabPages` pages. */
  constructor(length: number, slabPages: number) {
    this.#length = length;
    this.#slabPages = slabPages;
    this.#taken = slabPages;
  }

  /** A page of zeros. */
  take(): Float64Array {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused.fill(0);
    if (this.#taken === this.#slabPages) {
      this.#slab = new ArrayBuffer(this.#slabPages * this.#length * Float64Array.BYTES_PER_ELEMENT);
      this.#taken = 0;
    }
    const page = new Float64Array(this.#slab!, this.#taken * this.#length * Float64Array.BYTES_PER_ELEMENT, this.#length);
    this.#taken += 1;
    return page;
  }

  /** Gives back a page nothing refers to any more. */
  give(page: Float64Array): void {
    this.#free.push(page);
  }
}
