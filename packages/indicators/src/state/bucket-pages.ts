import type { DayNumber } from '../time/days.ts';
import { PagePool } from './page-pool.ts';

/** Days per page: a page is 16 value/count pairs plus an occupancy count, 264 bytes of Float64Array. */
export const pageDays = 16;
const occupancySlot = pageDays * 2;

/**
 * Whether a bucket adds exactly: a value that is a multiple of 2⁻¹⁶ no larger
 * than 2²⁶ in magnitude, and an integer event count as small. Any sum or
 * difference of up to 512 such buckets is itself a double, so it comes out
 * the same in any order (2²⁶ · 2¹⁶ · 512 = 2⁵¹ < 2⁵³). Counts, and amounts in
 * halves or quarters, all add exactly; 0.1 kg does not.
 */
export function addsExactly(value: number, eventCount: number): boolean {
  return Number.isInteger(value * 65_536) && Math.abs(value) <= 67_108_864 && Number.isInteger(eventCount) && Math.abs(eventCount) <= 67_108_864;
}

/** The page a day falls on; pages are aligned on multiples of `pageDays` since 1970-01-01. */
export function pageOf(day: DayNumber): number {
  return Math.floor(day / pageDays);
}

/** Where a day's value sits in its page; its event count follows it. */
export function bucketSlot(day: DayNumber): number {
  return (day - pageOf(day) * pageDays) * 2;
}

/** Pages for the series of one state (see `PagePool`): 256 pages, 66 kB, per slab — few slabs for a partition, little unused by a small state. */
export function createPagePool(): PagePool {
  return new PagePool(occupancySlot + 1, 256);
}

/**
 * One series' buckets, stored compactly: a map of pages of `pageDays` days,
 * each a Float64Array of (value, event count) pairs. A Map entry and an object
 * per bucket cost ≈ 168 bytes of heap; a full page costs ≈ 17 per bucket, and
 * reading a window is a loop over typed arrays rather than a walk over
 * objects. A bucket with no events and no amount does not exist (see
 * `isEmptyBucket`): storing zeros deletes it, and a page whose buckets are all
 * gone is dropped.
 */
export class BucketPages {
  readonly #pool: PagePool;
  readonly #pages = new Map<number, Float64Array>();
  #size = 0;
  /** The earliest day with a bucket, `undefined` when unknown (recomputed on demand after that bucket goes). */
  #firstDay: DayNumber | undefined;
  #firstDayMoves = 0;
  /** Buckets that do not add exactly (see `addsExactly`). */
  #inexact = 0;

  /** `pool`: where pages come from and go back to, shared by the series of one state. */
  constructor(pool: PagePool) {
    this.#pool = pool;
  }

  /** Buckets held. */
  get size(): number {
    return this.#size;
  }

  /** Whether every bucket adds exactly (see `addsExactly`): sums of them do not depend on the order of adding. */
  get addsExactly(): boolean {
    return this.#inexact === 0;
  }

  /** Pages held, by page number: the hot loops read them directly. */
  get pages(): ReadonlyMap<number, Float64Array> {
    return this.#pages;
  }

  has(day: DayNumber): boolean {
    const page = this.#pages.get(pageOf(day));
    if (page === undefined) return false;
    const slot = (day - pageOf(day) * pageDays) * 2;
    return page[slot] !== 0 || page[slot + 1] !== 0;
  }

  /** The bucket's value (0 when absent). */
  valueAt(day: DayNumber): number {
    const page = this.#pages.get(pageOf(day));
    return page === undefined ? 0 : page[(day - pageOf(day) * pageDays) * 2]!;
  }

  /** The bucket's event count (0 when absent). */
  eventCountAt(day: DayNumber): number {
    const page = this.#pages.get(pageOf(day));
    return page === undefined ? 0 : page[(day - pageOf(day) * pageDays) * 2 + 1]!;
  }

  /**
   * Sets one bucket; `value` and `eventCount` both 0 delete it. Returns
   * whether the write created (`1`) or dropped (`-1`) the day's page, so the
   * owner can keep its page calendar in step; `0` otherwise.
   */
  set(day: DayNumber, value: number, eventCount: number): -1 | 0 | 1 {
    const pageNumber = pageOf(day);
    const slot = (day - pageNumber * pageDays) * 2;
    const empty = value === 0 && eventCount === 0;
    let page = this.#pages.get(pageNumber);
    let created: 0 | 1 = 0;
    if (page === undefined) {
      if (empty) return 0;
      page = this.#pool.take();
      this.#pages.set(pageNumber, page);
      created = 1;
    }
    const had = page[slot] !== 0 || page[slot + 1] !== 0;
    if (!addsExactly(page[slot]!, page[slot + 1]!)) this.#inexact -= 1;
    if (!addsExactly(value, eventCount)) this.#inexact += 1;
    page[slot] = value;
    page[slot + 1] = eventCount;
    if (had === !empty) return created;
    if (empty) {
      this.#size -= 1;
      page[occupancySlot]! -= 1;
      if (day === this.#firstDay) {
        this.#firstDay = undefined;
        this.#firstDayMoves += 1;
      }
      if (page[occupancySlot] === 0) {
        this.#pages.delete(pageNumber);
        this.#pool.give(page);
        return -1;
      }
      return 0;
    }
    this.#size += 1;
    page[occupancySlot]! += 1;
    if ((this.#firstDay !== undefined && day < this.#firstDay) || this.#size === 1) {
      this.#firstDay = day;
      this.#firstDayMoves += 1;
    }
    return created;
  }

  /** Counts the writes that moved the earliest day (or forgot it): figures depend on it. */
  get firstDayMoves(): number {
    return this.#firstDayMoves;
  }

  /** The earliest day with a bucket, or `undefined` when there is none. */
  firstDay(): DayNumber | undefined {
    if (this.#firstDay !== undefined || this.#size === 0) return this.#firstDay;
    let first = Number.POSITIVE_INFINITY;
    for (const pageNumber of this.#pages.keys()) if (pageNumber < first) first = pageNumber;
    const page = this.#pages.get(first)!;
    for (let index = 0; index < pageDays; index += 1) {
      if (page[index * 2] !== 0 || page[index * 2 + 1] !== 0) {
        this.#firstDay = first * pageDays + index;
        break;
      }
    }
    return this.#firstDay;
  }

  /** Every bucket, ascending by day. */
  forEach(visit: (value: number, eventCount: number, day: DayNumber) => void): void {
    for (const pageNumber of [...this.#pages.keys()].sort((a, b) => a - b)) {
      const page = this.#pages.get(pageNumber)!;
      for (let index = 0; index < pageDays; index += 1) {
        const value = page[index * 2]!;
        const eventCount = page[index * 2 + 1]!;
        if (value !== 0 || eventCount !== 0) visit(value, eventCount, pageNumber * pageDays + index);
      }
    }
  }

  /** The days with a bucket, ascending. */
  days(): DayNumber[] {
    const days: DayNumber[] = [];
    this.forEach((_value, _count, day) => {
      days.push(day);
    });
    return days;
  }

  /** The days with a bucket on page `pageNumber` in (`after`, `through`], ascending. */
  daysOnPage(pageNumber: number, after: DayNumber, through: DayNumber): DayNumber[] {
    const days: DayNumber[] = [];
    const page = this.#pages.get(pageNumber);
    if (page === undefined) return days;
    const start = pageNumber * pageDays;
    const from = Math.max(after + 1, start) - start;
    const to = Math.min(through, start + pageDays - 1) - start;
    for (let index = from; index <= to; index += 1) if (page[index * 2] !== 0 || page[index * 2 + 1] !== 0) days.push(start + index);
    return days;
  }

  /** Bytes of typed-array storage held (for state-size figures). */
  storageBytes(): number {
    return this.#pages.size * (occupancySlot + 1) * Float64Array.BYTES_PER_ELEMENT;
  }
}
