import type { Series } from '../state/aggregation-state.ts';
import { bucketSlot, pageOf } from '../state/bucket-pages.ts';
import type { DayNumber } from '../time/days.ts';
import { bucketTombstone, bucketValueRecord, type BucketRecord } from './outputs.ts';

/**
 * The buckets a batch wrote, so that each gets ONE changelog record — its
 * value at the end of the batch, or a tombstone — built once, rather than a
 * record per write deduplicated afterwards: compaction keeps only the last
 * anyway, and a busy bucket is written by many contributions of one batch.
 * Every write of the batch passes here, so the value it left is taken as it
 * is written, while its page is in the cache, rather than read back at the
 * end of the batch from pages long since evicted from it.
 */
export class WrittenBuckets {
  /** By series key, each day written → where its value sits in `#values` (a series emptied and created again within the batch keeps its key). */
  readonly #written = new Map<string, { series: Series; days: Map<DayNumber, number> }>();
  /** (value, event count) pairs, as last written. */
  readonly #values: number[] = [];

  /** `false`: record nothing (a caller that keeps no changelog). */
  readonly #enabled: boolean;

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  /** Notes the bucket of `series` on `day` as just written. */
  add(series: Series | undefined, day: DayNumber): void {
    if (series === undefined || !this.#enabled) return;
    const page = series.buckets.pages.get(pageOf(day));
    const slot = bucketSlot(day);
    const value = page === undefined ? 0 : page[slot]!;
    const eventCount = page === undefined ? 0 : page[slot + 1]!;
    let written = this.#written.get(series.key);
    if (written === undefined) {
      written = { series, days: new Map() };
      this.#written.set(series.key, written);
    }
    const at = written.days.get(day);
    if (at === undefined) {
      written.days.set(day, this.#values.length);
      this.#values.push(value, eventCount);
    } else {
      this.#values[at] = value;
      this.#values[at + 1] = eventCount;
    }
  }

  /** The changelog records, stamped with the watermark the batch ends on. */
  records(watermark: DayNumber | undefined, into: BucketRecord[]): void {
    const values = this.#values;
    for (const { series, days } of this.#written.values()) {
      const { region, metric, source } = series;
      for (const [day, at] of days) {
        const value = values[at]!;
        const eventCount = values[at + 1]!;
        into.push(
          value === 0 && eventCount === 0
            ? bucketTombstone(region, metric, source, day)
            : bucketValueRecord(region, metric, source, day, value, eventCount, watermark),
        );
      }
    }
  }
}
