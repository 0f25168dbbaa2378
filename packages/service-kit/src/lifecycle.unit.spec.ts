import { afterEach, describe, expect, it, vi } from 'vitest';
import { Lifecycle, lifecycleReadinessCheck, type LifecycleComponent, type StopContext } from './lifecycle.ts';
import { compileLifecycleOptions } from './lifecycle-options.ts';
import { createLogger } from './logger.ts';
import { createMemoryLogDestination } from './testing/memory-log.ts';

function setup(options: { graceTimeoutMs?: number; forceTimeoutMs?: number } = {}) {
  const destination = createMemoryLogDestination();
  const exit = vi.fn<(code: number) => void>();
  const lifecycle = new Lifecycle({ logger: createLogger({ name: 'test', level: 'debug', destination }), exit, ...options });
  const events: string[] = [];
  const component = (name: string, extra: Partial<LifecycleComponent> = {}): LifecycleComponent => ({
    name,
    start: () => void events.push(`start ${name}`),
    stop: () => void events.push(`stop ${name}`),
    ...extra,
  });
  return { lifecycle, destination, exit, events, component };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Lifecycle', () => {
  it('starts components in order and stops them in reverse', async () => {
    const { lifecycle, events, component, destination } = setup();
    lifecycle.add(component('ops-server')).add(component('consumer')).add(component('cron'));
    expect(lifecycle.state).toBe('created');
    await lifecycle.start();
    expect(lifecycle.state).toBe('running');
    const outcome = await lifecycle.stop('test over');
    expect(events).toEqual(['start ops-server', 'start consumer', 'start cron', 'stop cron', 'stop consumer', 'stop ops-server']);
    expect(outcome).toEqual({ state: 'stopped', exitCode: 0, errors: [] });
    expect(lifecycle.state).toBe('stopped');
    const stopped = destination
      .records()
      .filter((r) => r.msg === 'component stopped')
      .map((r) => r.component);
    expect(stopped).toEqual(['cron', 'consumer', 'ops-server']);
    expect(destination.records().find((r) => r.msg === 'service stopping')).toMatchObject({ reason: 'test over', from: 'running' });
  });

  it('returns the same promise from every stop() and stops each component once', async () => {
    const { lifecycle, events, component } = setup();
    lifecycle.add(component('a'));
    await lifecycle.start();
    const first = lifecycle.stop();
    expect(lifecycle.stop()).toBe(first);
    await first;
    expect(lifecycle.stop()).toBe(first);
    expect(events.filter((e) => e.startsWith('stop'))).toEqual(['stop a']);
  });

  it('stops at once when never started, and refuses to start twice or add late', async () => {
    const { lifecycle, component } = setup();
    expect(await lifecycle.stop()).toMatchObject({ state: 'stopped', exitCode: 0 });
    await expect(lifecycle.start()).rejects.toMatchObject({ code: 'VIGIA_LIFECYCLE_STATE_INVALID' });
    expect(() => lifecycle.add(component('late'))).toThrowError(expect.objectContaining({ code: 'VIGIA_LIFECYCLE_STATE_INVALID' }));
  });

  it('stops what started when a component fails to start, and fails', async () => {
    const { lifecycle, events, component } = setup();
    const boom = new Error('broker unreachable');
    lifecycle
      .add(component('a'))
      .add(component('b'))
      .add(component('c', { start: () => Promise.reject(boom) }))
      .add(component('d'));
    await expect(lifecycle.start()).rejects.toMatchObject({ code: 'VIGIA_LIFECYCLE_START_FAILED', component: 'c', cause: boom });
    const outcome = await lifecycle.finished;
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    expect(outcome).toMatchObject({ state: 'failed', exitCode: 1 });
    expect(lifecycle.state).toBe('failed');
  });

  it('stops and fails when a running component reports a fatal error', async () => {
    const { lifecycle, events, component, destination } = setup();
    let reportFatal: (error: unknown) => void = () => undefined;
    lifecycle.add(component('ops')).add(component('processor', { start: (ctx) => void (reportFatal = ctx.fail) }));
    await lifecycle.start();
    const crash = new Error('processor crashed');
    reportFatal(crash);
    const outcome = await lifecycle.finished;
    expect(outcome).toEqual({ state: 'failed', exitCode: 1, errors: [crash] });
    expect(events).toEqual(['start ops', 'stop processor', 'stop ops']);
    expect(destination.records().find((r) => r.level === 'fatal')).toMatchObject({ component: 'processor', msg: 'fatal error; stopping the service' });
  });

  it('keeps stopping the rest when one component fails to stop, and fails', async () => {
    const { lifecycle, events, component } = setup();
    lifecycle
      .add(component('a'))
      .add(component('b', { stop: () => Promise.reject(new Error('flush failed')) }))
      .add(component('c'));
    await lifecycle.start();
    const outcome = await lifecycle.stop();
    expect(events).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop a']);
    expect(outcome).toMatchObject({ state: 'failed', exitCode: 1 });
  });

  it('interrupts a start when a stop is requested, without calling it a failure', async () => {
    const { lifecycle, events, component } = setup();
    const connecting = Promise.withResolvers<void>();
    lifecycle
      .add(component('a'))
      .add(
        component('kafka', {
          start: (ctx) =>
            new Promise((_, reject) => {
              connecting.resolve();
              ctx.stopRequested.addEventListener('abort', () => reject(new Error('aborted while connecting')));
            }),
        }),
      )
      .add(component('never'));
    const started = lifecycle.start();
    await connecting.promise;
    expect(lifecycle.state).toBe('starting');
    const outcome = await lifecycle.stop();
    await started;
    expect(events).toEqual(['start a', 'stop a']);
    expect(outcome).toMatchObject({ state: 'stopped', exitCode: 0 });
  });

  it('aborts graceExpired after the grace timeout and exits with 1 after the force timeout', async () => {
    vi.useFakeTimers();
    const { lifecycle, exit, component, destination } = setup({ graceTimeoutMs: 1_000, forceTimeoutMs: 3_000 });
    let stopContext: StopContext | undefined;
    lifecycle.add(component('stuck', { stop: (ctx) => new Promise<void>(() => void (stopContext = ctx)) }));
    await lifecycle.start();
    void lifecycle.stop();
    await vi.advanceTimersByTimeAsync(999);
    expect(stopContext?.graceExpired.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(stopContext?.graceExpired.aborted).toBe(true);
    expect(destination.records().find((r) => r.level === 'warn')).toMatchObject({ component: 'stuck', graceTimeoutMs: 1_000 });
    expect(exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
    expect(destination.records().find((r) => r.level === 'fatal')).toMatchObject({ component: 'stuck', msg: 'shutdown did not finish in time; forcing exit' });
  });

  it('lets a component finish within the grace period without warnings or exit', async () => {
    vi.useFakeTimers();
    const { lifecycle, exit, component, destination } = setup({ graceTimeoutMs: 1_000, forceTimeoutMs: 3_000 });
    lifecycle.add(component('drain', { stop: () => new Promise<void>((resolve) => setTimeout(resolve, 500)) }));
    await lifecycle.start();
    const stopped = lifecycle.stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(await stopped).toMatchObject({ state: 'stopped' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(exit).not.toHaveBeenCalled();
    expect(destination.records().filter((r) => r.level === 'warn')).toEqual([]);
  });

  it('is ready only while running', async () => {
    const { lifecycle, component } = setup();
    const ready = lifecycleReadinessCheck(lifecycle);
    lifecycle.add(component('a'));
    expect(ready()).toEqual({ ready: false, reason: 'service is created' });
    await lifecycle.start();
    expect(ready()).toBe(true);
    await lifecycle.stop();
    expect(ready()).toEqual({ ready: false, reason: 'service is stopped' });
  });
});

describe('compileLifecycleOptions', () => {
  const logger = createLogger({ name: 'test', destination: createMemoryLogDestination() });

  it('applies the defaults', () => {
    expect(compileLifecycleOptions({ logger })).toMatchObject({ graceTimeoutMs: 20_000, forceTimeoutMs: 25_000 });
  });

  it('refuses a force timeout that is not longer than the grace timeout', () => {
    expect(() => compileLifecycleOptions({ logger, graceTimeoutMs: 5_000, forceTimeoutMs: 5_000 })).toThrowError(
      expect.objectContaining({ code: 'VIGIA_LIFECYCLE_OPTIONS_INVALID' }),
    );
    expect(() => compileLifecycleOptions({ logger, graceTimeoutMs: -1 })).toThrowError(expect.objectContaining({ code: 'VIGIA_LIFECYCLE_OPTIONS_INVALID' }));
  });
});
