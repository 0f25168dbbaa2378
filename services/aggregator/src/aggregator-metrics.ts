import type { StageCounter } from '@vigia/bus';
import type { DlqReasonCode } from '@vigia/schemas';
import type { MetricsRegistry } from '@vigia/service-kit';

/** Every DLQ reason the aggregator emits; each has a series from the start, so dashboards see zeros. */
export const aggregatorRejectionReasons = [
  'VALUE_MISSING',
  'JSON_MALFORMED',
  'SCHEMA_INVALID',
  'PROCESSING_FAILED',
] as const satisfies readonly DlqReasonCode[];

/** Sizes of the in-memory state, read at scrape time. */
export interface StateSizes {
  readonly ledgerEntries: () => number;
  readonly series: () => number;
  readonly buckets: () => number;
}

/**
 * The aggregator's own metrics; the loop's (records in, out, rejected by
 * reason, batch and restore seconds) are the scaffold's `vigia_stage_*`.
 * The counters are counted by the stages with `batch.count`, so only
 * committed batches count.
 */
export interface AggregatorMetrics {
  readonly prometheus: MetricsRegistry['prometheus'];
  readonly contributions: StageCounter;
  readonly indicators: StageCounter<'kind'>;
  readonly corrections: StageCounter;
  readonly buckets: StageCounter;
}

export function registerAggregatorMetrics(registry: MetricsRegistry, sizes: StateSizes): AggregatorMetrics {
  const indicators = registry.counter<'kind'>({
    name: 'vigia_aggregator_indicators_emitted_total',
    help: 'Indicator records committed to vigia.indicators.v2 (kind=value or tombstone)',
    labelNames: ['kind'],
  });
  for (const kind of ['value', 'tombstone'] as const) indicators.inc({ kind }, 0);
  const ledger = registry.gauge({ name: 'vigia_aggregator_state_ledger_entries', help: 'Events the fan-out ledgers remember' });
  const series = registry.gauge({ name: 'vigia_aggregator_state_series', help: '(region, metric) series held in memory' });
  const buckets = registry.gauge({ name: 'vigia_aggregator_state_buckets', help: 'Daily buckets held in memory (one changelog record each)' });
  registry.addCollector(() => {
    ledger.set(sizes.ledgerEntries());
    series.set(sizes.series());
    buckets.set(sizes.buckets());
  });
  return {
    prometheus: registry.prometheus,
    contributions: registry.counter({ name: 'vigia_aggregator_contributions_published_total', help: 'Contributions committed to vigia.contributions.v1' }),
    indicators,
    corrections: registry.counter({
      name: 'vigia_aggregator_corrections_total',
      help: 'Indicator values committed with correction: true (late or revised events)',
    }),
    buckets: registry.counter({ name: 'vigia_aggregator_bucket_updates_total', help: 'Bucket updates and tombstones committed to the changelog' }),
  };
}
