import type { ProcessorMetrics } from '@vigia/bus';
import type { EventChangeType } from '@vigia/schemas';
import type { MetricsRegistry } from '@vigia/service-kit';

/** Every DLQ reason the normalizer emits; each has a series from the start, so dashboards see zeros. */
export const normalizerRejectionReasons = [
  'VALUE_MISSING',
  'JSON_MALFORMED',
  'SCHEMA_INVALID',
  'PLACE_UNKNOWN',
  'PLACE_AMBIGUOUS',
  'UNIT_UNKNOWN',
  'QUANTITY_INVALID',
  'DATE_INVALID',
  'DATE_IN_FUTURE',
  'DUPLICATE_REPORT',
  'REVISION_STALE',
  'EVENT_NOT_OWNED',
  'REVISION_JUMP',
  'PROCESSING_FAILED',
] as const;

/**
 * The normalizer's metrics in the service's registry. Published changes are
 * counted only once their batch is committed: a batch that aborts is handled
 * again and must not be counted twice.
 */
export class NormalizerMetrics {
  readonly #consumed;
  readonly #published;
  readonly #rejected;
  readonly #batchSeconds;
  readonly #lag;
  readonly #retries;
  readonly #restores;
  readonly #pending = new Map<number, Map<EventChangeType, number>>();

  constructor(registry: MetricsRegistry, stateSize: () => number) {
    this.#consumed = registry.counter({ name: 'vigia_normalizer_records_consumed_total', help: 'Raw records handed to the normalizer' });
    this.#published = registry.counter({
      name: 'vigia_normalizer_events_published_total',
      help: 'Canonical event changes committed to vigia.events.v1, by change type',
      labelNames: ['change'],
    });
    this.#rejected = registry.counter({
      name: 'vigia_normalizer_records_rejected_total',
      help: 'Raw records sent to the DLQ, by reason code',
      labelNames: ['reason'],
    });
    this.#batchSeconds = registry.histogram({
      name: 'vigia_normalizer_batch_duration_seconds',
      help: 'Time to normalize and commit one batch',
    });
    this.#lag = registry.gauge({
      name: 'vigia_normalizer_lag_records',
      help: 'Raw records of a partition not yet normalized, as of its last batch',
      labelNames: ['partition'],
    });
    this.#retries = registry.counter({
      name: 'vigia_normalizer_retries_total',
      help: 'Retried transform or commit attempts',
      labelNames: ['operation'],
    });
    this.#restores = registry.counter({
      name: 'vigia_normalizer_partitions_restored_total',
      help: 'Partitions whose event state was rebuilt from vigia.events.v1',
    });
    const events = registry.gauge({ name: 'vigia_normalizer_state_events', help: 'Events whose latest version is held in memory' });
    registry.addCollector(() => events.set(stateSize()));
    for (const reason of normalizerRejectionReasons) this.#rejected.inc({ reason }, 0);
    for (const change of ['event.recorded', 'event.revised'] as const) this.#published.inc({ change }, 0);
  }

  /** A change produced by a batch not committed yet. */
  changeProduced(partition: number, change: EventChangeType): void {
    const counts = this.#pending.get(partition) ?? new Map<EventChangeType, number>();
    counts.set(change, (counts.get(change) ?? 0) + 1);
    this.#pending.set(partition, counts);
  }

  /** Forgets the uncommitted changes of a partition's batch (aborted, or about to be handled again). */
  discardPending(partition: number): void {
    this.#pending.delete(partition);
  }

  partitionRestored(): void {
    this.#restores.inc();
  }

  /** The hooks of the processing loop. */
  processorHooks(): ProcessorMetrics {
    return {
      recordsConsumed: (_topic, _partition, count) => this.#consumed.inc(count),
      recordRejected: (reason) => this.#rejected.inc({ reason }),
      batchCommitted: (_topic, partition, durationMs) => {
        for (const [change, count] of this.#pending.get(partition) ?? []) this.#published.inc({ change }, count);
        this.#pending.delete(partition);
        this.#batchSeconds.observe(durationMs / 1000);
      },
      lag: (_topic, partition, records) => this.#lag.set({ partition }, records),
      retried: (operation) => this.#retries.inc({ operation }),
    };
  }
}
