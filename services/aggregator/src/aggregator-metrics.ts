import type { ProcessorMetrics } from '@vigia/bus';
import type { StepOutputs } from '@vigia/indicators';
import type { MetricsRegistry } from '@vigia/service-kit';

/** Every DLQ reason the aggregator emits; each has a series from the start, so dashboards see zeros. */
export const aggregatorRejectionReasons = ['VALUE_MISSING', 'JSON_MALFORMED', 'SCHEMA_INVALID', 'PROCESSING_FAILED'] as const;

export type AggregatorStageName = 'fan-out' | 'aggregate';

/** Sizes of the in-memory state, read at scrape time. */
export interface StateSizes {
  readonly ledgerEntries: () => number;
  readonly series: () => number;
  readonly buckets: () => number;
}

interface PendingOutputs {
  contributions: number;
  indicators: number;
  tombstones: number;
  corrections: number;
  buckets: number;
}

const noPending = (): PendingOutputs => ({ contributions: 0, indicators: 0, tombstones: 0, corrections: 0, buckets: 0 });

/**
 * The aggregator's metrics in the service's registry. What a batch publishes
 * is counted only once the batch is committed: an aborted batch is handled
 * again and must not be counted twice.
 */
export class AggregatorMetrics {
  readonly #consumed;
  readonly #rejected;
  readonly #contributions;
  readonly #indicators;
  readonly #corrections;
  readonly #buckets;
  readonly #restoreSeconds;
  readonly #batchSeconds;
  readonly #lag;
  readonly #pending = new Map<string, PendingOutputs>();

  constructor(registry: MetricsRegistry, sizes: StateSizes) {
    this.#consumed = registry.counter({ name: 'vigia_aggregator_records_processed_total', help: 'Records handed to a stage', labelNames: ['stage'] });
    this.#rejected = registry.counter({
      name: 'vigia_aggregator_records_rejected_total',
      help: 'Records sent to the DLQ, by stage and reason code',
      labelNames: ['stage', 'reason'],
    });
    this.#contributions = registry.counter({ name: 'vigia_aggregator_contributions_published_total', help: 'Contributions committed to vigia.contributions.v1' });
    this.#indicators = registry.counter({
      name: 'vigia_aggregator_indicators_emitted_total',
      help: 'Indicator records committed to vigia.indicators.v2 (kind=value or tombstone)',
      labelNames: ['kind'],
    });
    this.#corrections = registry.counter({ name: 'vigia_aggregator_corrections_total', help: 'Indicator values committed with correction: true (late or revised events)' });
    this.#buckets = registry.counter({ name: 'vigia_aggregator_bucket_updates_total', help: 'Bucket updates and tombstones committed to the changelog' });
    this.#restoreSeconds = registry.histogram({
      name: 'vigia_aggregator_restore_duration_seconds',
      help: 'Time to rebuild the state of one partition (ledger from vigia.events.v1, buckets from the changelog)',
      labelNames: ['state'],
    });
    this.#batchSeconds = registry.histogram({ name: 'vigia_aggregator_batch_duration_seconds', help: 'Time to process and commit one batch', labelNames: ['stage'] });
    this.#lag = registry.gauge({ name: 'vigia_aggregator_lag_records', help: 'Records of a partition not yet processed, as of its last batch', labelNames: ['stage', 'partition'] });
    const ledger = registry.gauge({ name: 'vigia_aggregator_state_ledger_entries', help: 'Events the fan-out ledgers remember' });
    const series = registry.gauge({ name: 'vigia_aggregator_state_series', help: '(region, metric) series held in memory' });
    const buckets = registry.gauge({ name: 'vigia_aggregator_state_buckets', help: 'Daily buckets held in memory (one changelog record each)' });
    registry.addCollector(() => {
      ledger.set(sizes.ledgerEntries());
      series.set(sizes.series());
      buckets.set(sizes.buckets());
    });
    for (const stage of ['fan-out', 'aggregate'] as const) {
      for (const reason of aggregatorRejectionReasons) this.#rejected.inc({ stage, reason }, 0);
    }
    for (const kind of ['value', 'tombstone'] as const) this.#indicators.inc({ kind }, 0);
  }

  #entry(stage: AggregatorStageName, partition: number): PendingOutputs {
    const key = `${stage}/${partition}`;
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      pending = noPending();
      this.#pending.set(key, pending);
    }
    return pending;
  }

  contributionsProduced(partition: number, count: number): void {
    this.#entry('fan-out', partition).contributions += count;
  }

  batchOutputs(partition: number, outputs: StepOutputs): void {
    const pending = this.#entry('aggregate', partition);
    pending.buckets += outputs.buckets.length;
    for (const record of outputs.indicators) {
      if (record.value === null) pending.tombstones += 1;
      else {
        pending.indicators += 1;
        if (record.value.correction) pending.corrections += 1;
      }
    }
  }

  /** Forgets the uncommitted outputs of a partition's batch (aborted, or about to be handled again). */
  discardPending(stage: AggregatorStageName, partition: number): void {
    this.#pending.delete(`${stage}/${partition}`);
  }

  restored(state: 'ledger' | 'buckets', durationMs: number): void {
    this.#restoreSeconds.observe({ state }, durationMs / 1000);
  }

  /** The hooks of one stage's processing loop. */
  processorHooks(stage: AggregatorStageName): ProcessorMetrics {
    return {
      recordsConsumed: (_topic, _partition, count) => this.#consumed.inc({ stage }, count),
      recordRejected: (reason) => this.#rejected.inc({ stage, reason }),
      batchCommitted: (_topic, partition, durationMs) => {
        const pending = this.#pending.get(`${stage}/${partition}`) ?? noPending();
        this.#pending.delete(`${stage}/${partition}`);
        this.#contributions.inc(pending.contributions);
        this.#buckets.inc(pending.buckets);
        this.#indicators.inc({ kind: 'value' }, pending.indicators);
        this.#indicators.inc({ kind: 'tombstone' }, pending.tombstones);
        this.#corrections.inc(pending.corrections);
        this.#batchSeconds.observe({ stage }, durationMs / 1000);
      },
      lag: (_topic, partition, records) => this.#lag.set({ stage, partition }, records),
    };
  }
}
