import type { Logger } from 'pino';
import { ServiceKitError } from './errors.ts';
import { labelNamePattern, metricNamePattern, prometheusContentType } from './metrics-exposition.ts';
import {
  Counter,
  Gauge,
  Histogram,
  type HistogramOptions,
  type MetricFamily,
  type MetricOptions,
} from './metrics-instruments.ts';

export interface MetricsRegistryOptions {
  /** Receives failures of collectors; a failing collector never breaks a scrape. */
  readonly logger?: Logger;
}

/** Runs just before a scrape to refresh values read from elsewhere (memory, lag, queue sizes). */
export type Collector = () => void;

/**
 * A small Prometheus registry: counters, gauges and histograms with labels,
 * rendered in the text exposition format 0.0.4. One per process, created in
 * `main.ts` and passed to whatever records metrics.
 *
 * Registering the same name again with the same definition returns the
 * existing metric, so two instances of a component can share it; a different
 * definition is a `VIGIA_METRICS_CONFLICT`.
 */
export class MetricsRegistry {
  readonly contentType = prometheusContentType;
  readonly #families = new Map<string, MetricFamily>();
  readonly #collectors = new Set<Collector>();
  readonly #logger: Logger | undefined;

  constructor(options: MetricsRegistryOptions = {}) {
    this.#logger = options.logger;
  }

  counter<Name extends string = never>(options: MetricOptions<Name>): Counter<Name> {
    return this.#register(options, () => new Counter(options));
  }

  gauge<Name extends string = never>(options: MetricOptions<Name>): Gauge<Name> {
    return this.#register(options, () => new Gauge(options));
  }

  histogram<Name extends string = never>(options: HistogramOptions<Name>): Histogram<Name> {
    const buckets = options.buckets;
    if (buckets !== undefined) checkBuckets(options.name, buckets);
    if (options.labelNames?.includes('le' as Name)) {
      throw definitionError(options.name, 'a histogram cannot have a label named "le"; Prometheus uses it for buckets');
    }
    return this.#register(options, () => new Histogram(options));
  }

  /** Adds a collector; the returned function removes it. */
  addCollector(collector: Collector): () => void {
    this.#collectors.add(collector);
    return () => this.#collectors.delete(collector);
  }

  /** Every metric family, in registration order, as exposition text. */
  render(): string {
    for (const collector of this.#collectors) {
      try {
        collector();
      } catch (err) {
        this.#logger?.warn({ err }, 'metrics collector failed; its values are stale in this scrape');
      }
    }
    let text = '';
    for (const family of this.#families.values()) text += family.render();
    return text;
  }

  #register<Family extends MetricFamily>(options: MetricOptions<string>, create: () => Family): Family {
    checkNames(options);
    const fresh = create();
    const existing = this.#families.get(options.name);
    if (existing === undefined) {
      this.#families.set(options.name, fresh);
      return fresh;
    }
    if (existing.definitionKey !== fresh.definitionKey) {
      throw new ServiceKitError(
        'VIGIA_METRICS_CONFLICT',
        `metric ${options.name} is already registered as a ${existing.type} with labels [${existing.labelNames.join(', ')}] and a different definition`,
        { context: { metric: options.name, registeredType: existing.type, requestedType: fresh.type } },
      );
    }
    return existing as Family;
  }
}

function checkNames(options: MetricOptions<string>): void {
  if (!metricNamePattern.test(options.name)) {
    throw definitionError(options.name, `metric name ${JSON.stringify(options.name)} must match ${metricNamePattern.source}`);
  }
  const labelNames = options.labelNames ?? [];
  for (const label of labelNames) {
    if (!labelNamePattern.test(label)) {
      throw definitionError(options.name, `label name ${JSON.stringify(label)} must match ${labelNamePattern.source}`);
    }
  }
  if (new Set(labelNames).size !== labelNames.length) throw definitionError(options.name, 'label names must be distinct');
}

function checkBuckets(metric: string, buckets: readonly number[]): void {
  const finite = buckets.filter((bound) => bound !== Number.POSITIVE_INFINITY);
  const increasing = finite.every((bound, i) => Number.isFinite(bound) && (i === 0 || bound > (finite[i - 1] ?? bound)));
  if (finite.length === 0 || !increasing) {
    throw definitionError(metric, 'histogram buckets must be finite, strictly increasing numbers (at least one)');
  }
}

function definitionError(metric: string, message: string): ServiceKitError {
  return new ServiceKitError('VIGIA_METRICS_DEFINITION_INVALID', `metric ${metric}: ${message}`, { context: { metric } });
}
