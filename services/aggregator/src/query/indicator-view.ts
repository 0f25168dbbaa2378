import type { Bus } from '@vigia/bus';
import { decodeTopicValue, indicatorKey, indicatorValuesOf, parseBucketKey, watermarkKey, type IndicatorValue, type IndicatorWindow } from '@vigia/schemas';
import type { Logger } from 'pino';

/** One day of a region's metric, as the changelog holds it (survey points: one per source and year). */
export interface DailyPoint {
  readonly day: string;
  readonly value: number;
  readonly eventCount: number;
  /** Survey points: the source of the series, which is never summed with another's. */
  readonly source?: string;
}

export interface IndicatorFilter {
  readonly region?: string | undefined;
  readonly metric?: string | undefined;
  readonly window?: IndicatorWindow | undefined;
  /** Survey figures: one source's series. */
  readonly source?: string | undefined;
  readonly year?: number | undefined;
}

export interface SeriesQuery {
  readonly region: string;
  readonly metric: string;
  /** Survey metrics: one source's series; default every source, each point labelled with its own. */
  readonly source?: string;
  /** First day, inclusive (`YYYY-MM-DD`); default the earliest retained bucket. */
  readonly from?: string;
  /** Last day, inclusive; default the latest bucket. */
  readonly to?: string;
  /** List days without events as zeros. Default false. */
  readonly fillGaps?: boolean;
}

export interface IndicatorView {
  /** Reads what was committed to both topics since the last refresh. Concurrent calls share one read. */
  refresh(): Promise<void>;
  /** Latest value of an indicator key (`region|metric|window`, surveys `region|metric|annual|source|year`); `undefined` for "no data". */
  current(key: string): IndicatorValue | undefined;
  /** Latest values matching the filter, ordered by key. */
  list(filter?: IndicatorFilter): IndicatorValue[];
  /** Daily series of a base metric (e.g. `incidents.count`, `cultivation.coca.ha`) from the changelog's buckets. */
  series(query: SeriesQuery): DailyPoint[];
  readonly size: { readonly indicators: number; readonly series: number };
}

export interface IndicatorViewOptions {
  readonly bus: Bus;
  readonly indicatorsTopic: string;
  readonly changelogTopic: string;
  readonly logger: Logger;
}

const dayMs = 86_400_000;

function seriesKeyOf(region: string, metric: string, source: string | undefined): string {
  return source === undefined ? `${region}|${metric}` : `${region}|${metric}|${source}`;
}

/**
 * A read model of the aggregator's output for other services and analysts,
 * like a Kafka Streams global table: it materializes every partition of the
 * compacted `vigia.indicators.v2` (latest record per series, its figures
 * indexed one by one; a tombstone removes them) and of `vigia.aggregator.changelog.v1` (daily buckets per region and
 * metric), committed records only. Current values come from the indicators
 * topic; daily series come from the changelog buckets, so they cover the
 * retained days (ten years by default) of base metrics — older history is a replay of
 * `vigia.events.v1`. Independent of which partitions this instance aggregates.
 */
export function createIndicatorView(options: IndicatorViewOptions): IndicatorView {
  const { bus } = options;
  const log = options.logger.child({ component: 'indicator-view' });
  const indicators = new Map<string, IndicatorValue>();
  /** The figure keys each `vigia.indicators.v2` record put into `indicators`, to drop them when it is replaced or tombstoned. */
  const figuresOfSeries = new Map<string, string[]>();
  const buckets = new Map<string, Map<string, DailyPoint>>();
  const positions = new Map<string, number>();
  let refreshing: Promise<void> | undefined;

  async function catchUp(topic: string, apply: (key: string, value: Uint8Array | null) => void): Promise<void> {
    const ends = await bus.admin.endOffsets(topic);
    await Promise.all(
      ends.map(async ({ partition, offset: end }) => {
        const at = `${topic}/${partition}`;
        const from = positions.get(at) ?? 0;
        if (end <= from) return;
        for await (const chunk of bus.readPartition(topic, partition, { fromOffset: from, untilOffset: end })) {
          for (const record of chunk) if (record.key !== null) apply(record.key, record.value);
        }
        // The read ends only once every record below `end` is decided (read_committed), so the next read starts there.
        positions.set(at, end);
      }),
    );
  }

  function applyIndicator(key: string, bytes: Uint8Array | null): void {
    const decoded = bytes === null ? undefined : decodeTopicValue('vigia.indicators.v2', bytes);
    if (decoded?.ok === false) {
      log.warn({ key, reason: decoded.reason }, 'skipping an undecodable indicator');
      return;
    }
    for (const figure of figuresOfSeries.get(key) ?? []) indicators.delete(figure);
    figuresOfSeries.delete(key);
    if (decoded === undefined) return;
    const values = indicatorValuesOf(decoded.value, { all: true });
    const keys = values.map((value) =>
      indicatorKey({ region: value.region, metric: value.metric, window: value.window, source: value.source, year: value.year }),
    );
    values.forEach((value, index) => {
      indicators.set(keys[index]!, value);
    });
    figuresOfSeries.set(key, keys);
  }

  function applyBucket(key: string, bytes: Uint8Array | null): void {
    if (key === watermarkKey) return;
    let parts: ReturnType<typeof parseBucketKey>;
    try {
      parts = parseBucketKey(key);
    } catch {
      log.warn({ key }, 'skipping a changelog record with a malformed key');
      return;
    }
    const { day } = parts;
    const seriesKey = seriesKeyOf(parts.region, parts.metric, parts.source);
    if (bytes === null) {
      buckets.get(seriesKey)?.delete(day);
      return;
    }
    const decoded = decodeTopicValue('vigia.aggregator.changelog.v1', bytes);
    if (!decoded.ok) {
      log.warn({ key, reason: decoded.reason }, 'skipping an undecodable bucket');
      return;
    }
    if (decoded.value.type !== 'bucket.updated') return;
    let days = buckets.get(seriesKey);
    if (days === undefined) buckets.set(seriesKey, (days = new Map()));
    const point = { day, value: decoded.value.value, eventCount: decoded.value.eventCount };
    days.set(day, parts.source === undefined ? point : { ...point, source: parts.source });
  }

  function matches(filter: IndicatorFilter, value: IndicatorValue): boolean {
    return (
      (filter.region ?? value.region) === value.region &&
      (filter.metric ?? value.metric) === value.metric &&
      (filter.window ?? value.window) === value.window &&
      (filter.source === undefined || filter.source === value.source) &&
      (filter.year === undefined || filter.year === value.year)
    );
  }

  return {
    refresh() {
      refreshing ??= Promise.all([catchUp(options.indicatorsTopic, applyIndicator), catchUp(options.changelogTopic, applyBucket)])
        .then(() => undefined)
        .finally(() => (refreshing = undefined));
      return refreshing;
    },
    current(key) {
      return indicators.get(key);
    },
    list(filter = {}) {
      return [...indicators.entries()]
        .filter(([, value]) => matches(filter, value))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, value]) => value);
    },
    series(query) {
      const matching = [...buckets.entries()].filter(([key]) => {
        const [region, metric, source] = key.split('|');
        return region === query.region && metric === query.metric && (query.source === undefined || source === query.source);
      });
      const days = new Map<string, DailyPoint>();
      for (const [, points] of matching) for (const point of points.values()) days.set(`${point.day}|${point.source ?? ''}`, point);
      const sorted = [...days.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : (a.source ?? '') < (b.source ?? '') ? -1 : 1));
      const from = query.from ?? sorted[0]?.day;
      const to = query.to ?? sorted.at(-1)?.day;
      if (from === undefined || to === undefined) return [];
      if (query.fillGaps !== true) return sorted.filter((point) => point.day >= from && point.day <= to);
      const points: DailyPoint[] = [];
      for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += dayMs) {
        const day = new Date(ms).toISOString().slice(0, 10);
        points.push(days.get(`${day}|`) ?? { day, value: 0, eventCount: 0 });
      }
      return points;
    },
    get size() {
      return { indicators: indicators.size, series: buckets.size };
    },
  };
}
