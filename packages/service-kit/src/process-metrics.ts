import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { MetricsRegistry } from './metrics.ts';

/** Stops what `registerProcessMetrics` started (the event-loop delay monitor, the collector). */
export interface ProcessMetrics {
  stop(): void;
}

const nsPerSecond = 1e9;

/**
 * Registers the usual process metrics, with the names Prometheus' client
 * libraries use so existing dashboards work: CPU seconds, resident memory,
 * start time, V8 heap, and event-loop delay percentiles. The event-loop
 * figures come from `monitorEventLoopDelay` (a libuv timer sampling every
 * 20 ms; cheap) and are reset after each scrape, so they describe the
 * interval between two scrapes.
 */
export function registerProcessMetrics(registry: MetricsRegistry): ProcessMetrics {
  const cpuUser = registry.counter({ name: 'process_cpu_user_seconds_total', help: 'User CPU time spent, in seconds.' });
  const cpuSystem = registry.counter({ name: 'process_cpu_system_seconds_total', help: 'System CPU time spent, in seconds.' });
  const cpuTotal = registry.counter({ name: 'process_cpu_seconds_total', help: 'Total user and system CPU time spent, in seconds.' });
  const rss = registry.gauge({ name: 'process_resident_memory_bytes', help: 'Resident memory size, in bytes.' });
  const startTime = registry.gauge({
    name: 'process_start_time_seconds',
    help: 'Start time of the process since the Unix epoch, in seconds.',
  });
  const heapUsed = registry.gauge({ name: 'nodejs_heap_size_used_bytes', help: 'V8 heap in use, in bytes.' });
  const heapTotal = registry.gauge({ name: 'nodejs_heap_size_total_bytes', help: 'V8 heap allocated, in bytes.' });
  const external = registry.gauge({ name: 'nodejs_external_memory_bytes', help: 'Memory of C++ objects bound to JavaScript, in bytes.' });
  const lagP50 = registry.gauge({ name: 'nodejs_eventloop_lag_p50_seconds', help: 'Median event-loop delay since the last scrape, in seconds.' });
  const lagP99 = registry.gauge({ name: 'nodejs_eventloop_lag_p99_seconds', help: '99th percentile event-loop delay since the last scrape, in seconds.' });
  const lagMax = registry.gauge({ name: 'nodejs_eventloop_lag_max_seconds', help: 'Largest event-loop delay since the last scrape, in seconds.' });
  const version = registry.gauge({ name: 'nodejs_version_info', help: 'Node.js version.', labelNames: ['version'] });

  version.set({ version: process.version }, 1);
  startTime.set(performance.timeOrigin / 1000);
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();

  // Counters only go up, so CPU time is added as the delta since the last scrape.
  let lastCpu = { user: 0, system: 0 };
  const collect = () => {
    const cpu = process.cpuUsage();
    const userSeconds = (cpu.user - lastCpu.user) / 1e6;
    const systemSeconds = (cpu.system - lastCpu.system) / 1e6;
    lastCpu = cpu;
    cpuUser.inc(userSeconds);
    cpuSystem.inc(systemSeconds);
    cpuTotal.inc(userSeconds + systemSeconds);

    const memory = process.memoryUsage();
    rss.set(memory.rss);
    heapUsed.set(memory.heapUsed);
    heapTotal.set(memory.heapTotal);
    external.set(memory.external);

    // With no sample yet (first scrape within 20 ms of start) percentiles are 0, which is honest enough.
    lagP50.set(loopDelay.percentile(50) / nsPerSecond);
    lagP99.set(loopDelay.percentile(99) / nsPerSecond);
    lagMax.set(loopDelay.max / nsPerSecond);
    loopDelay.reset();
  };
  const removeCollector = registry.addCollector(collect);

  return {
    stop() {
      removeCollector();
      loopDelay.disable();
    },
  };
}
