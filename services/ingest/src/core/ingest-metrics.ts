import type { RawFormat } from '@vigia/schemas';
import type { MetricsRegistry } from '@vigia/service-kit';
import type { IngestRejectReason } from '../formats/submitted-item.ts';

/** What the ingest core reports; `createIngestMetrics` wires it to Prometheus counters. */
export interface IngestMetrics {
  recordsAccepted(format: RawFormat, count: number): void;
  recordsRejected(format: RawFormat, reason: IngestRejectReason, count: number): void;
  /** A whole body refused as unreadable (HTTP 400) and kept in the DLQ. */
  bodyRejected(reason: IngestRejectReason): void;
  produced(topic: string, count: number): void;
}

const reasons: readonly IngestRejectReason[] = ['JSON_MALFORMED', 'CSV_MALFORMED', 'SCHEMA_INVALID'];

/**
 * Counters on the process registry:
 *
 * - `vigia_ingest_records_total{format,outcome}`: records read, accepted or rejected;
 * - `vigia_ingest_dlq_records_total{reason}`: records (and unreadable bodies) sent to the DLQ, per reason;
 * - `vigia_ingest_produced_records_total{topic}`: records the Bus acknowledged, raw and DLQ.
 */
export function createIngestMetrics(registry: MetricsRegistry): IngestMetrics {
  const records = registry.counter({
    name: 'vigia_ingest_records_total',
    help: 'Records submitted to ingest, by format and outcome (accepted or rejected)',
    labelNames: ['format', 'outcome'],
  });
  const dlq = registry.counter({
    name: 'vigia_ingest_dlq_records_total',
    help: 'Records and unreadable bodies ingest sent to the DLQ, by DLQ reason',
    labelNames: ['reason'],
  });
  const produced = registry.counter({
    name: 'vigia_ingest_produced_records_total',
    help: 'Records ingest appended to a topic and the Bus acknowledged',
    labelNames: ['topic'],
  });
  // Every reason is shown from the start, so a dashboard sees 0 rather than no data.
  for (const reason of reasons) dlq.inc({ reason }, 0);
  return {
    recordsAccepted: (format, count) => records.inc({ format, outcome: 'accepted' }, count),
    recordsRejected: (format, reason, count) => {
      records.inc({ format, outcome: 'rejected' }, count);
      dlq.inc({ reason }, count);
    },
    bodyRejected: (reason) => dlq.inc({ reason }),
    produced: (topic, count) => produced.inc({ topic }, count),
  };
}

/** Counts of one kind of thing: accepted and rejected records. */
export interface OutcomeCounts {
  accepted: number;
  rejected: number;
}

/** What `GET /v1/stats` shows; counts since the process started. */
export interface IngestStatsSnapshot {
  readonly startedAt: string;
  readonly submissions: number;
  readonly records: OutcomeCounts;
  readonly byFormat: Readonly<Record<string, OutcomeCounts>>;
  readonly byPublisher: Readonly<Record<string, OutcomeCounts>>;
  readonly rejectedByReason: Readonly<Record<string, number>>;
  readonly bodiesRejected: number;
}

/** In-memory counters behind `/v1/stats`; bounded by the number of publishers (API keys). */
export class IngestStats {
  readonly #startedAt: Date;
  #submissions = 0;
  #bodiesRejected = 0;
  readonly #records: OutcomeCounts = { accepted: 0, rejected: 0 };
  readonly #byFormat = new Map<string, OutcomeCounts>();
  readonly #byPublisher = new Map<string, OutcomeCounts>();
  readonly #byReason = new Map<string, number>();

  constructor(startedAt: Date = new Date()) {
    this.#startedAt = startedAt;
  }

  recordSubmission(publisher: string, format: RawFormat, accepted: number, rejectedByReason: ReadonlyMap<string, number>): void {
    this.#submissions += 1;
    let rejected = 0;
    for (const [reason, count] of rejectedByReason) {
      rejected += count;
      this.#byReason.set(reason, (this.#byReason.get(reason) ?? 0) + count);
    }
    for (const counts of [this.#records, entry(this.#byFormat, format), entry(this.#byPublisher, publisher)]) {
      counts.accepted += accepted;
      counts.rejected += rejected;
    }
  }

  recordBodyRejected(): void {
    this.#bodiesRejected += 1;
  }

  snapshot(): IngestStatsSnapshot {
    const copy = (map: Map<string, OutcomeCounts>) => Object.fromEntries([...map].map(([name, counts]) => [name, { ...counts }]));
    return {
      startedAt: this.#startedAt.toISOString(),
      submissions: this.#submissions,
      records: { ...this.#records },
      byFormat: copy(this.#byFormat),
      byPublisher: copy(this.#byPublisher),
      rejectedByReason: Object.fromEntries(this.#byReason),
      bodiesRejected: this.#bodiesRejected,
    };
  }
}

function entry(map: Map<string, OutcomeCounts>, name: string): OutcomeCounts {
  let counts = map.get(name);
  if (counts === undefined) {
    counts = { accepted: 0, rejected: 0 };
    map.set(name, counts);
  }
  return counts;
}
