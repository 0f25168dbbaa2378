import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics.ts';
import { registerProcessMetrics } from './process-metrics.ts';

describe('registerProcessMetrics', () => {
  it('exposes CPU, memory, start time, heap, event-loop lag and the Node version', () => {
    const registry = new MetricsRegistry();
    const processMetrics = registerProcessMetrics(registry);
    const text = registry.render();
    processMetrics.stop();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
    expect(value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(value('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(value('process_start_time_seconds') * 1000).toBeLessThanOrEqual(Date.now());
    expect(value('process_start_time_seconds')).toBeGreaterThan(Date.now() / 1000 - 3600);
    expect(value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain(`nodejs_version_info{version="${process.version}"} 1`);
  });

  it('keeps CPU counters monotonic across scrapes', () => {
    const registry = new MetricsRegistry();
    const processMetrics = registerProcessMetrics(registry);
    const cpu = () => Number(/^process_cpu_seconds_total (\S+)$/m.exec(registry.render())?.[1]);
    const first = cpu();
    let spin = 0;
    for (let i = 0; i < 1e6; i++) spin += i;
    expect(spin).toBeGreaterThan(0);
    expect(cpu()).toBeGreaterThanOrEqual(first);
    processMetrics.stop();
  });
});
