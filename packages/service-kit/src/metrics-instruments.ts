import { performance } from 'node:perf_hooks';
import { ServiceKitError } from './errors.ts';
import { familyHeader, formatSampleValue, sampleLine } from './metrics-exposition.ts';

export type LabelValue = string | number;
/** Values for exactly the metric's label names. */
export type Labels<Name extends string> = Readonly<Record<Name, LabelValue>>;

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** What every registered metric family can do for the registry. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly labelNames: readonly string[];
  /** Identity for "same definition registered twice" checks. */
  readonly definitionKey: string;
  render(): string;
}

/** The series of one metric family, one per distinct set of label values. */
class SeriesStore<State> {
  readonly #metric: string;
  readonly #labelNames: readonly string[];
  readonly #create: () => State;
  readonly #series = new Map<string, { readonly values: readonly string[]; readonly state: State }>();

  constructor(metric: string, labelNames: readonly string[], create: () => State) {
    this.#metric = metric;
    this.#labelNames = labelNames;
    this.#create = create;
    // An unlabelled metric exists from the start, so a scrape shows 0 rather than nothing.
    if (labelNames.length === 0) this.get(undefined);
  }

  get(labels: Readonly<Record<string, LabelValue>> | undefined): State {
    const given = labels ?? {};
    const values = this.#labelNames.map((name) => {
      const value = given[name];
      if (value === undefined) throw this.#labelError(given);
      return String(value);
    });
    if (Object.keys(given).length !== values.length) throw this.#labelError(given);
    const key = JSON.stringify(values);
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { values, state: this.#create() };
      this.#series.set(key, series);
    }
    return series.state;
  }

  entries(): IterableIterator<{ readonly values: readonly string[]; readonly state: State }> {
    return this.#series.values();
  }

  #labelError(given: Readonly<Record<string, LabelValue>>): ServiceKitError {
    return new ServiceKitError(
      'VIGIA_METRICS_OBSERVATION_INVALID',
      `metric ${this.#metric} takes labels [${this.#labelNames.join(', ')}], got [${Object.keys(given).join(', ')}]`,
      { context: { metric: this.#metric, labelNames: [...this.#labelNames], givenLabels: Object.keys(given) } },
    );
  }
}

// Overloads: `inc(2)` for unlabelled metrics, `inc({ topic }, 2)` for labelled ones.
function split<Name extends string>(
  first: Labels<Name> | number | undefined,
  second: number | undefined,
  fallback: number,
): [Labels<Name> | undefined, number] {
  return typeof first === 'object' ? [first, second ?? fallback] : [undefined, first ?? fallback];
}

function checkFinite(metric: string, value: number, what: string): void {
  if (!Number.isFinite(value)) {
    throw new ServiceKitError('VIGIA_METRICS_OBSERVATION_INVALID', `metric ${metric}: ${what} must be a finite number`, {
      context: { metric, value: formatSampleValue(value) },
    });
  }
}

export interface MetricOptions<Name extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly Name[];
}

/** What counters and gauges share: one number per set of label values. */
abstract class SingleValueFamily<Name extends string> implements MetricFamily {
  readonly type: 'counter' | 'gauge';
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly Name[];
  readonly definitionKey: string;
  protected readonly series: SeriesStore<{ value: number }>;

  constructor(type: 'counter' | 'gauge', options: MetricOptions<Name>) {
    this.type = type;
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
    this.definitionKey = JSON.stringify([this.type, this.help, this.labelNames]);
    this.series = new SeriesStore(this.name, this.labelNames, () => ({ value: 0 }));
  }

  /** The current value of one series (0 if it was never changed). */
  get(labels?: Labels<Name>): number {
    return this.series.get(labels).value;
  }

  render(): string {
    let text = familyHeader(this.name, this.help, this.type);
    for (const { values, state } of this.series.entries()) text += sampleLine(this.name, this.labelNames, values, state.value);
    return text;
  }
}

/** A value that only goes up (restarts reset it; Prometheus' `rate()` handles that). */
export class Counter<Name extends string = never> extends SingleValueFamily<Name> {
  declare readonly type: 'counter';

  constructor(options: MetricOptions<Name>) {
    super('counter', options);
  }

  inc(by?: number): void;
  inc(labels: Labels<Name>, by?: number): void;
  inc(first?: Labels<Name> | number, second?: number): void {
    const [labels, by] = split(first, second, 1);
    checkFinite(this.name, by, 'an increment');
    if (by < 0) {
      throw new ServiceKitError('VIGIA_METRICS_OBSERVATION_INVALID', `counter ${this.name} cannot decrease (inc by ${by})`, {
        context: { metric: this.name, value: by },
      });
    }
    this.series.get(labels).value += by;
  }
}

/** A value that goes up and down (queue depth, lag, memory). */
export class Gauge<Name extends string = never> extends SingleValueFamily<Name> {
  declare readonly type: 'gauge';

  constructor(options: MetricOptions<Name>) {
    super('gauge', options);
  }

  set(value: number): void;
  set(labels: Labels<Name>, value: number): void;
  set(first: Labels<Name> | number, second?: number): void {
    const [labels, value] = split(first, second, Number.NaN);
    this.series.get(labels).value = value;
  }

  inc(by?: number): void;
  inc(labels: Labels<Name>, by?: number): void;
  inc(first?: Labels<Name> | number, second?: number): void {
    const [labels, by] = split(first, second, 1);
    checkFinite(this.name, by, 'an increment');
    this.series.get(labels).value += by;
  }

  dec(by?: number): void;
  dec(labels: Labels<Name>, by?: number): void;
  dec(first?: Labels<Name> | number, second?: number): void {
    const [labels, by] = split(first, second, 1);
    checkFinite(this.name, by, 'a decrement');
    this.series.get(labels).value -= by;
  }
}

/** Prometheus client libraries' default buckets, in seconds. */
export const defaultHistogramBuckets: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface HistogramOptions<Name extends string> extends MetricOptions<Name> {
  /** Upper bounds, strictly increasing; `+Inf` is implicit. Default `defaultHistogramBuckets`. */
  readonly buckets?: readonly number[];
}

interface HistogramState {
  /** Per-bucket counts, not cumulative; rendering accumulates them. */
  readonly counts: number[];
  sum: number;
  count: number;
}

/** A distribution of observations (latencies, batch sizes) in buckets. */
export class Histogram<Name extends string = never> implements MetricFamily {
  readonly type = 'histogram';
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly Name[];
  readonly buckets: readonly number[];
  readonly definitionKey: string;
  readonly #series: SeriesStore<HistogramState>;

  constructor(options: HistogramOptions<Name>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
    this.buckets = (options.buckets ?? defaultHistogramBuckets).filter((bound) => bound !== Number.POSITIVE_INFINITY);
    this.definitionKey = JSON.stringify([this.type, this.help, this.labelNames, this.buckets]);
    this.#series = new SeriesStore(this.name, this.labelNames, () => ({ counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
  }

  observe(value: number): void;
  observe(labels: Labels<Name>, value: number): void;
  observe(first: Labels<Name> | number, second?: number): void {
    const [labels, value] = split(first, second, Number.NaN);
    checkFinite(this.name, value, 'an observation');
    const state = this.#series.get(labels);
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index >= 0) state.counts[index] = (state.counts[index] ?? 0) + 1;
    state.sum += value;
    state.count += 1;
  }

  /** Starts timing; the returned function observes and returns the elapsed seconds. */
  startTimer(labels?: Labels<Name>): () => number {
    const startedMs = performance.now();
    return () => {
      const seconds = (performance.now() - startedMs) / 1000;
      if (labels === undefined) this.observe(seconds);
      else this.observe(labels, seconds);
      return seconds;
    };
  }

  render(): string {
    let text = familyHeader(this.name, this.help, this.type);
    const bucketLabels = [...this.labelNames, 'le'];
    for (const { values, state } of this.#series.entries()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += state.counts[i] ?? 0;
        text += sampleLine(`${this.name}_bucket`, bucketLabels, [...values, formatSampleValue(bound)], cumulative);
      });
      text += sampleLine(`${this.name}_bucket`, bucketLabels, [...values, '+Inf'], state.count);
      text += sampleLine(`${this.name}_sum`, this.labelNames, values, state.sum);
      text += sampleLine(`${this.name}_count`, this.labelNames, values, state.count);
    }
    return text;
  }
}
