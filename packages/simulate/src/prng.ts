/**
 * xoshiro128** (Blackman & Vigna, 2018) seeded through splitmix32 from an
 * FNV-1a hash of the seed text: small, fast, and the same sequence on every
 * platform, which `Math.random` is not. Every random choice of the simulator
 * goes through one instance, so one seed fixes the whole stream.
 */
export class Prng {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  constructor(seed: string) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < seed.length; i += 1) {
      hash ^= seed.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    let state = hash;
    const splitmix = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s0 = splitmix();
    this.#s1 = splitmix();
    this.#s2 = splitmix();
    this.#s3 = splitmix();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.#s1 << 9) >>> 0;
    this.#s2 = (this.#s2 ^ this.#s0) >>> 0;
    this.#s3 = (this.#s3 ^ this.#s1) >>> 0;
    this.#s1 = (this.#s1 ^ this.#s2) >>> 0;
    this.#s0 = (this.#s0 ^ this.#s3) >>> 0;
    this.#s2 = (this.#s2 ^ t) >>> 0;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** A number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** A value in [min, max) rounded to `decimals` (at most two, so text never reads as a thousands separator). */
  amount(min: number, max: number, decimals: 0 | 1 | 2 = 2): number {
    const scale = 10 ** decimals;
    return Math.round((min + this.next() * (max - min)) * scale) / scale;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A weighted choice, cumulated once so that each pick is one random number and a short scan. */
export class WeightedTable<T> {
  readonly #items: readonly T[];
  readonly #cumulative: readonly number[];
  readonly #total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    let total = 0;
    const cumulative: number[] = [];
    for (const [, weight] of entries) {
      if (!(weight >= 0)) throw new RangeError('weights must be non-negative');
      total += weight;
      cumulative.push(total);
    }
    if (total <= 0) throw new RangeError('a weighted table needs a positive total weight');
    this.#items = entries.map(([item]) => item);
    this.#cumulative = cumulative;
    this.#total = total;
  }

  pick(prng: Prng): T {
    const target = prng.next() * this.#total;
    for (let i = 0; i < this.#cumulative.length; i += 1) {
      if (target < (this.#cumulative[i] ?? 0)) return this.#items[i] as T;
    }
    return this.#items[this.#items.length - 1] as T;
  }

  /** Each item's share of the total weight. */
  shares(): Map<T, number> {
    const shares = new Map<T, number>();
    let previous = 0;
    this.#items.forEach((item, i) => {
      const cumulative = this.#cumulative[i] ?? 0;
      shares.set(item, (shares.get(item) ?? 0) + (cumulative - previous) / this.#total);
      previous = cumulative;
    });
    return shares;
  }
}
