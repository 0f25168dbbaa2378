import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ProcessorMetrics } from '../processor.ts';

/**
 * The loop metrics every stage publishes, one family each, told apart by the
 * `stage` label so that one dashboard query covers the whole pipeline. They
 * are updated only after a batch commits: a batch that aborts is delivered
 * again and must not be counted twice.
 */
export interface StageLoopMetrics extends ProcessorMetrics {
  /** A partition's state was installed after `seconds` of restore. */
  restored(seconds: number): void;
}

/** Seconds from a millisecond batch up to a slow restore of a large partition. */
const secondsBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/**
 * The same family from every stage of a process: prom-client refuses a second
 * registration of a name, and two stages of one service (the aggregator's
 * fan-out and aggregate) share the registry.
 */
function shared<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/**
 * The standard loop metrics of `stage` in `registry`; `reasons` get a
 * rejection series at 0 from the start, so dashboards see zeros, not gaps.
 */
export function stageLoopMetrics(registry: Registry, stage: string, reasons: readonly string[] = []): StageLoopMetrics {
  const registers = [registry];
  const recordsIn = shared(
    registry,
    'vigia_stage_records_in_total',
    () => new Counter({ name: 'vigia_stage_records_in_total', help: 'Input records of committed batches', labelNames: ['stage'], registers }),
  );
  const recordsOut = shared(
    registry,
    'vigia_stage_records_out_total',
    () => new Counter({ name: 'vigia_stage_records_out_total', help: 'Output records committed (DLQ records not included)', labelNames: ['stage'], registers }),
  );
  const rejected = shared(
    registry,
    'vigia_stage_records_rejected_total',
    () =>
      new Counter({
        name: 'vigia_stage_records_rejected_total',
        help: 'Input records committed to the DLQ, by reason code',
        labelNames: ['stage', 'reason'],
        registers,
      }),
  );
  const batchSeconds = shared(
    registry,
    'vigia_stage_batch_duration_seconds',
    () =>
      new Histogram({
        name: 'vigia_stage_batch_duration_seconds',
        help: 'Time to process and commit one batch',
        labelNames: ['stage'],
        buckets: secondsBuckets,
        registers,
      }),
  );
  const restoreSeconds = shared(
    registry,
    'vigia_stage_restore_duration_seconds',
    () =>
      new Histogram({
        name: 'vigia_stage_restore_duration_seconds',
        help: "Time to restore one partition's state on assignment",
        labelNames: ['stage'],
        buckets: secondsBuckets,
        registers,
      }),
  );
  const lag = shared(
    registry,
    'vigia_stage_lag_records',
    () =>
      new Gauge({
        name: 'vigia_stage_lag_records',
        help: 'Records of a partition not yet processed, as of its last batch',
        labelNames: ['stage', 'topic', 'partition'],
        registers,
      }),
  );
  const retries = shared(
    registry,
    'vigia_stage_retries_total',
    () => new Counter({ name: 'vigia_stage_retries_total', help: 'Retried transform or commit attempts', labelNames: ['stage', 'operation'], registers }),
  );
  // Series exist from the start, so dashboards see zeros rather than gaps.
  recordsIn.inc({ stage }, 0);
  recordsOut.inc({ stage }, 0);
  for (const reason of reasons) rejected.inc({ stage, reason }, 0);
  return {
    recordsConsumed: (_topic, _partition, count) => recordsIn.inc({ stage }, count),
    recordsProduced: (count) => recordsOut.inc({ stage }, count),
    recordRejected: (reason) => rejected.inc({ stage, reason }),
    batchCommitted: (_topic, _partition, durationMs) => batchSeconds.observe({ stage }, durationMs / 1000),
    lag: (topic, partition, records) => lag.set({ stage, topic, partition }, records),
    retried: (operation) => retries.inc({ stage, operation }),
    restored: (seconds) => restoreSeconds.observe({ stage }, seconds),
  };
}
