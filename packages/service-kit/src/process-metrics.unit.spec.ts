import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics.ts';
import { registerProcessMetrics } from './process-metrics.ts';

describe('registerProcessMetrics', () => {
  it('exposes CPU, memory, start time, heap, event-loop lag and the Node version', async () => {
    const registry = new MetricsRegistry();
    registerProcessMetrics(registry);
    const { text } = await registry.exposition();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
    expect(value('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(value('process_start_time_seconds') * 1000).toBeLessThanOrEqual(Date.now());
    expect(value('process_start_time_seconds')).toBeGreaterThan(Date.now() / 1000 - 3600);
    expect(value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes [1-9]/m);
    expect(text).toContain(`version="${process.version}"`);
  });

  it('keeps CPU counters monotonic across scrapes', async () => {
    const registry = new MetricsRegistry();
    registerProcessMetrics(registry);
    const cpu = async () => Number(/^process_cpu_seconds_total (\S+)$/m.exec((await registry.exposition()).text)?.[1]);
    const first = await cpu();
    let spin = 0;
    for (let i = 0; i < 1e6; i++) spin += i;
    expect(spin).toBeGreaterThan(0);
    expect(await cpu()).toBeGreaterThanOrEqual(first);
  });
});
