import fc from 'fast-check';
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
  it('renders counters and gauges with HELP, TYPE and labelled samples', () => {
    const registry = new MetricsRegistry();
    const rejected = registry.counter({ name: 'vigia_records_rejected_total', help: 'Records sent to the DLQ.', labelNames: ['topic', 'reason'] });
    const lag = registry.gauge({ name: 'vigia_consumer_lag_records', help: 'Records behind the\nhigh watermark.' });
    rejected.inc({ topic: 'raw', reason: 'schema' });
    rejected.inc({ topic: 'raw', reason: 'schema' }, 2);
    rejected.inc({ reason: 'place "unknown"', topic: 'raw' });
    lag.set(42);
    lag.dec(2);
    expect(registry.render()).toBe(
      [
        '# HELP vigia_records_rejected_total Records sent to the DLQ.',
        '# TYPE vigia_records_rejected_total counter',
        'vigia_records_rejected_total{topic="raw",reason="schema"} 3',
        'vigia_records_rejected_total{topic="raw",reason="place \\"unknown\\""} 1',
        '# HELP vigia_consumer_lag_records Records behind the\\nhigh watermark.',
        '# TYPE vigia_consumer_lag_records gauge',
        'vigia_consumer_lag_records 40',
        '',
      ].join('\n'),
    );
  });

  it('shows an unlabelled metric as 0 before anything happens, and a labelled one with no samples', () => {
    const registry = new MetricsRegistry();
    registry.counter({ name: 'a_total', help: 'A.' });
    registry.counter({ name: 'b_total', help: 'B.', labelNames: ['x'] });
    expect(registry.render()).toBe('# HELP a_total A.\n# TYPE a_total counter\na_total 0\n# HELP b_total B.\n# TYPE b_total counter\n');
  });

  it('renders histograms with cumulative buckets, +Inf, sum and count', () => {
    const registry = new MetricsRegistry();
    const latency = registry.histogram({ name: 'vigia_batch_seconds', help: 'Batch latency.', labelNames: ['stage'], buckets: [0.1, 1, 10] });
    for (const seconds of [0.05, 0.1, 0.5, 2, 30]) latency.observe({ stage: 'normalize' }, seconds);
    expect(registry.render()).toBe(
      [
        '# HELP vigia_batch_seconds Batch latency.',
        '# TYPE vigia_batch_seconds histogram',
        'vigia_batch_seconds_bucket{stage="normalize",le="0.1"} 2',
        'vigia_batch_seconds_bucket{stage="normalize",le="1"} 3',
        'vigia_batch_seconds_bucket{stage="normalize",le="10"} 4',
        'vigia_batch_seconds_bucket{stage="normalize",le="+Inf"} 5',
        'vigia_batch_seconds_sum{stage="normalize"} 32.65',
        'vigia_batch_seconds_count{stage="normalize"} 5',
        '',
      ].join('\n'),
    );
  });

  it('property: histogram buckets are cumulative, end at +Inf = count, and sum adds up', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { maxLength: 50 }), (values) => {
        const registry = new MetricsRegistry();
        const h = registry.histogram({ name: 'h', help: 'h', buckets: [-1, 0, 0.5, 10] });
        for (const v of values) h.observe(v);
        const s = samples(registry.render());
        const bounds = ['-1', '0', '0.5', '10'];
        const counts = bounds.map((le) => Number(s.get(`h_bucket{le="${le}"}`)));
        counts.forEach((count, i) => {
          expect(count).toBe(values.filter((v) => v <= Number(bounds[i])).length);
        });
        expect(Number(s.get('h_bucket{le="+Inf"}'))).toBe(values.length);
        expect(Number(s.get('h_count'))).toBe(values.length);
        expect(Number(s.get('h_sum'))).toBeCloseTo(values.reduce((a, b) => a + b, 0), 6);
      }),
    );
  });

  it('times with startTimer and observes seconds', () => {
    const registry = new MetricsRegistry();
    const h = registry.histogram({ name: 'op_seconds', help: 'Op.' });
    const elapsed = h.startTimer()();
    expect(elapsed).toBeGreaterThanOrEqual(0);
    expect(samples(registry.render()).get('op_seconds_count')).toBe('1');
  });

  it('returns the existing metric for an identical definition and refuses a different one', () => {
    const registry = new MetricsRegistry();
    const a = registry.counter({ name: 'x_total', help: 'X.', labelNames: ['topic'] });
    expect(registry.counter({ name: 'x_total', help: 'X.', labelNames: ['topic'] })).toBe(a);
    expect(() => registry.gauge({ name: 'x_total', help: 'X.', labelNames: ['topic'] })).toThrowError(expect.objectContaining({ code: 'VIGIA_METRICS_CONFLICT' }));
    expect(() => registry.counter({ name: 'x_total', help: 'X.', labelNames: ['partition'] })).toThrowError(expect.objectContaining({ code: 'VIGIA_METRICS_CONFLICT' }));
  });

  it('refuses bad names, reserved labels and unordered buckets', () => {
    const registry = new MetricsRegistry();
    const invalid = expect.objectContaining({ code: 'VIGIA_METRICS_DEFINITION_INVALID' });
    expect(() => registry.counter({ name: 'bad-name', help: '.' })).toThrowError(invalid);
    expect(() => registry.counter({ name: 'ok', help: '.', labelNames: ['__reserved'] })).toThrowError(invalid);
    expect(() => registry.counter({ name: 'ok', help: '.', labelNames: ['a', 'a'] })).toThrowError(invalid);
    expect(() => registry.histogram({ name: 'h', help: '.', labelNames: ['le'] })).toThrowError(invalid);
    expect(() => registry.histogram({ name: 'h', help: '.', buckets: [1, 1, 2] })).toThrowError(invalid);
    expect(() => registry.histogram({ name: 'h', help: '.', buckets: [] })).toThrowError(invalid);
  });

  it('refuses observations with the wrong labels, decreasing counters and non-finite values', () => {
    const registry = new MetricsRegistry();
    const c = registry.counter({ name: 'c_total', help: '.', labelNames: ['topic'] });
    const invalid = expect.objectContaining({ code: 'VIGIA_METRICS_OBSERVATION_INVALID' });
    expect(() => c.inc()).toThrowError(invalid);
    expect(() => c.inc({ topic: 't', extra: 'x' } as never)).toThrowError(invalid);
    expect(() => c.inc({ topic: 't' }, -1)).toThrowError(invalid);
    expect(() => c.inc({ topic: 't' }, Number.NaN)).toThrowError(invalid);
    expect(() => registry.histogram({ name: 'h', help: '.' }).observe(Infinity)).toThrowError(invalid);
    expect(c.get({ topic: 't' })).toBe(0);
  });

  it('runs collectors before rendering, and a failing collector only makes its values stale', () => {
    const destination = createMemoryLogDestination();
    const registry = new MetricsRegistry({ logger: createLogger({ name: 'test', destination }) });
    const queue = registry.gauge({ name: 'queue_depth', help: 'Queue depth.' });
    let depth = 7;
    const remove = registry.addCollector(() => queue.set(depth));
    registry.addCollector(() => {
      throw new Error('collector broke');
    });
    expect(samples(registry.render()).get('queue_depth')).toBe('7');
    depth = 9;
    remove();
    expect(samples(registry.render()).get('queue_depth')).toBe('7');
    expect(destination.records().map((r) => r.msg)).toContain('metrics collector failed; its values are stale in this scrape');
  });
});
