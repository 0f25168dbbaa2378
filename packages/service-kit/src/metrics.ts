import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ServiceKitError } from './errors.ts';

export interface MetricsRegistryOptions {
  /** Receives failures of collectors; a failing collector never breaks a scrape. */
  readonly logger?: Logger;
}

/** What every metric is declared with. */
export interface MetricOptions<Label extends string = never> {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly Label[];
}

export interface HistogramOptions<Label extends string = never> extends MetricOptions<Label> {
  /** Upper bounds in seconds (or the metric's unit); prom-client's defaults when absent. */
  readonly buckets?: readonly number[];
}

/** Runs just before a scrape to refresh values read from elsewhere (memory, lag, queue sizes). */
export type Collector = () => void;

/** The body and content type of a `/metrics` answer. */
export interface MetricsExposition {
  readonly contentType: string;
  readonly text: string;
}

type MetricKind = 'counter' | 'gauge' | 'histogram';

/**
 * The process's metrics: a prom-client `Registry` (one per process, created
 * in `main.ts` and passed to whatever records metrics) with the checks the
 * services rely on. `prometheus` is the registry itself, for code that takes
 * prom-client directly (the bus's stage loop metrics).
 *
 * Registering the same name again with the same definition returns the
 * existing metric, so two instances of a component can share it; a different
 * definition is a `VIGIA_METRICS_CONFLICT`.
 */
export class MetricsRegistry {
  readonly prometheus = new Registry();
  readonly #collectors = new Set<Collector>();
  readonly #kinds = new Map<string, { readonly kind: MetricKind; readonly definition: string }>();
  readonly #logger: Logger | undefined;

  constructor(options: MetricsRegistryOptions = {}) {
    this.#logger = options.logger;
  }

  counter<Label extends string = never>(options: MetricOptions<Label>): Counter<Label> {
    return this.#register('counter', options, () => new Counter({ ...this.#base(options) }));
  }

  gauge<Label extends string = never>(options: MetricOptions<Label>): Gauge<Label> {
    return this.#register('gauge', options, () => new Gauge({ ...this.#base(options) }));
  }

  histogram<Label extends string = never>(options: HistogramOptions<Label>): Histogram<Label> {
    const buckets = options.buckets === undefined ? {} : { buckets: [...options.buckets] };
    return this.#register('histogram', options, () => new Histogram({ ...this.#base(options), ...buckets }));
  }

  /** Adds a collector; the returned function removes it. */
  addCollector(collector: Collector): () => void {
    this.#collectors.add(collector);
    return () => this.#collectors.delete(collector);
  }

  /** What `/metrics` answers: every metric in the text exposition format, collectors run first. */
  async exposition(): Promise<MetricsExposition> {
    for (const collector of this.#collectors) {
      try {
        collector();
      } catch (err) {
        this.#logger?.warn({ err }, 'metrics collector failed; its values are stale in this scrape');
      }
    }
    return { contentType: this.prometheus.contentType, text: await this.prometheus.metrics() };
  }

  #base<Label extends string>(options: MetricOptions<Label>) {
    return { name: options.name, help: options.help, labelNames: [...(options.labelNames ?? [])], registers: [this.prometheus] };
  }

  #register<Metric>(kind: MetricKind, options: HistogramOptions<string>, create: () => Metric): Metric {
    const definition = JSON.stringify([options.help, options.labelNames ?? [], options.buckets ?? null]);
    const known = this.#kinds.get(options.name);
    if (known !== undefined) {
      if (known.kind !== kind || known.definition !== definition) {
        throw new ServiceKitError('VIGIA_METRICS_CONFLICT', `metric ${options.name} is already registered as a ${known.kind} with a different definition`, {
          context: { metric: options.name, registeredType: known.kind, requestedType: kind },
        });
      }
      return this.prometheus.getSingleMetric(options.name) as Metric;
    }
    let metric: Metric;
    try {
      metric = create();
    } catch (cause) {
      // prom-client checks names, label names and buckets; its plain Error becomes one of ours.
      throw new ServiceKitError('VIGIA_METRICS_DEFINITION_INVALID', `metric ${options.name}: ${(cause as Error).message}`, {
        cause,
        context: { metric: options.name },
      });
    }
    this.#kinds.set(options.name, { kind, definition });
    return metric;
  }
}
