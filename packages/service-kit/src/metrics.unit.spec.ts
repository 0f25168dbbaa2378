import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics.ts';
import { createLogger } from './logger.ts';
import { createMemoryLogDestination } from './testing/memory-log.ts';

/** Sample lines of an exposition, as `series → value` (series = name plus label text). */
function samples(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    result.set(line.slice(0, at), line.slice(at + 1));
  }
  return result;
}

describe('MetricsRegistry', () => {
  it('exposes counters, gauges and histograms in the Prometheus text format with its content type', async () => {
    const registry = new MetricsRegistry();
    const rejected = registry.counter({ name: 'vigia_records_rejected_total', help: 'Records sent to the DLQ.', labelNames: ['topic', 'reason'] });
    const lag = registry.gauge({ name: 'vigia_consumer_lag_records', help: 'Records behind the high watermark.' });
    const latency = registry.histogram({ name: 'vigia_batch_seconds', help: 'Batch latency.', labelNames: ['stage'], buckets: [0.1, 1, 10] });
    rejected.inc({ topic: 'raw', reason: 'schema' });
    rejected.inc({ topic: 'raw', reason: 'schema' }, 2);
    lag.set(42);
    lag.dec(2);
    for (const seconds of [0.05, 0.5, 30]) latency.observe({ stage: 'normalize' }, seconds);

    const { contentType, text } = await registry.exposition();
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE vigia_records_rejected_total counter');
    const s = samples(text);
    expect(s.get('vigia_records_rejected_total{topic="raw",reason="schema"}')).toBe('3');
    expect(s.get('vigia_consumer_lag_records')).toBe('40');
    expect(s.get('vigia_batch_seconds_bucket{le="1",stage="normalize"}')).toBe('2');
    expect(s.get('vigia_batch_seconds_count{stage="normalize"}')).toBe('3');
  });

  it('shares the prom-client registry, so code that takes prom-client directly lands in the same exposition', async () => {
    const registry = new MetricsRegistry();
    registry.counter({ name: 'a_total', help: 'A.' }).inc();
    expect(registry.prometheus.getSingleMetric('a_total')).toBeDefined();
    expect((await registry.exposition()).text).toContain('a_total 1');
  });

  it('returns the existing metric for an identical definition and refuses a different one', () => {
    const registry = new MetricsRegistry();
    const a = registry.counter({ name: 'x_total', help: 'X.', labelNames: ['topic'] });
    expect(registry.counter({ name: 'x_total', help: 'X.', labelNames: ['topic'] })).toBe(a);
    const conflict = expect.objectContaining({ code: 'VIGIA_METRICS_CONFLICT' });
    expect(() => registry.gauge({ name: 'x_total', help: 'X.', labelNames: ['topic'] })).toThrowError(conflict);
    expect(() => registry.counter({ name: 'x_total', help: 'X.', labelNames: ['partition'] })).toThrowError(conflict);
  });

  it('refuses names prom-client refuses, as a documented error', () => {
    const registry = new MetricsRegistry();
    const invalid = expect.objectContaining({ code: 'VIGIA_METRICS_DEFINITION_INVALID' });
    expect(() => registry.counter({ name: 'bad-name', help: '.' })).toThrowError(invalid);
    expect(() => registry.counter({ name: 'ok_total', help: '.', labelNames: ['bad-label'] })).toThrowError(invalid);
  });

  it('runs collectors before each exposition, and a failing collector only makes its values stale', async () => {
    const destination = createMemoryLogDestination();
    const registry = new MetricsRegistry({ logger: createLogger({ name: 'test', destination }) });
    const queue = registry.gauge({ name: 'queue_depth', help: 'Queue depth.' });
    let depth = 7;
    const remove = registry.addCollector(() => queue.set(depth));
    registry.addCollector(() => {
      throw new Error('collector broke');
    });
    expect(samples((await registry.exposition()).text).get('queue_depth')).toBe('7');
    depth = 9;
    remove();
    expect(samples((await registry.exposition()).text).get('queue_depth')).toBe('7');
    expect(destination.records().map((r) => r.msg)).toContain('metrics collector failed; its values are stale in this scrape');
  });
});
