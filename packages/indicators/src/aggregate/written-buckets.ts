import { bucketOf, type Series } from '../state/aggregation-state.ts';
import type { DayNumber } from '../time/days.ts';
import { bucketRecord, type BucketRecord } from './outputs.ts';

/**
 * The buckets a batch wrote, so that each gets ONE changelog record — its
 * value at the end of the batch, or a tombstone — built once, rather than a
 * record per write deduplicated afterwards: compaction keeps only the last
 * anyway, and a busy bucket is written by many contributions of one batch.
 */
export class WrittenBuckets {
  /** By series key: a series emptied and created again within the batch is a new object under the same key. */
  readonly #written = new Map<string, { series: Series; days: Set<DayNumber> }>();

  /** `false`: record nothing (a caller that keeps no changelog). */
  readonly #enabled: boolean;

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  add(series: Series | undefined, day: DayNumber): void {
    if (series === undefined || !this.#enabled) return;
    const written = this.#written.get(series.key);
    if (written === undefined) {
      this.#written.set(series.key, { series, days: new Set([day]) });
      return;
    }
    written.series = series;
    written.days.add(day);
  }

  /** The changelog records, stamped with the watermark the batch ends on. */
  records(watermark: DayNumber | undefined, into: BucketRecord[]): void {
    for (const { series, days } of this.#written.values()) {
      for (const day of days) into.push(bucketRecord(series.region, series.metric, series.source, day, bucketOf(series, day), watermark));
    }
  }
}
