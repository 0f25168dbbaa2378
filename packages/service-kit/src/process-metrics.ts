import { collectDefaultMetrics } from 'prom-client';
import type { MetricsRegistry } from './metrics.ts';

/**
 * Registers prom-client's default process metrics — the names every
 * Prometheus client library uses, so existing dashboards work: CPU seconds,
 * resident memory, start time, V8 heap, event-loop delay percentiles, the
 * Node version. The event loop is sampled every 20 ms (a libuv timer; cheap).
 */
export function registerProcessMetrics(registry: MetricsRegistry): void {
  collectDefaultMetrics({ register: registry.prometheus, eventLoopMonitoringPrecision: 20 });
}
