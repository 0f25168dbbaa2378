/**
 * A tiny service for `run-until-signal.int.spec.ts`, run as a child process:
 * `node service-child.ts <mode> [forceTimeoutMs]`. It logs JSON lines to
 * stdout, which the spec parses. Modes:
 *
 * - `run`: start and wait for a signal.
 * - `fatal`: on SIGUSR2 the processor reports a fatal error.
 * - `uncaught`: on SIGUSR2 a timer throws an uncaught exception.
 * - `start-fail`: the last component fails to start.
 * - `hang-stop`: the processor's stop never finishes (logs `draining` first).
 */
import { createLogger, Lifecycle, lifecycleReadinessCheck, MetricsRegistry, OpsServer, Readiness, runUntilSignal, type LifecycleComponent } from '../index.ts';

const mode = process.argv[2] ?? 'run';
const forceTimeoutMs = Number(process.argv[3] ?? 10_000);

const logger = createLogger({ name: 'fixture', level: 'debug' });
const lifecycle = new Lifecycle({ logger, graceTimeoutMs: Math.min(200, forceTimeoutMs - 1), forceTimeoutMs });
const readiness = new Readiness();
readiness.add('lifecycle', lifecycleReadinessCheck(lifecycle));

const simple = (name: string): LifecycleComponent => ({ name, start: () => undefined, stop: () => undefined });

const processor: LifecycleComponent = {
  name: 'processor',
  start: (ctx) => {
    process.on('SIGUSR2', () => {
      if (mode === 'fatal') ctx.fail(new Error('processor crashed'));
      if (mode === 'uncaught')
        setTimeout(() => {
          throw new Error('nobody caught this');
        });
    });
  },
  stop: (ctx) => {
    if (mode !== 'hang-stop') return;
    ctx.logger.info('draining');
    return new Promise<void>(() => undefined);
  },
};

const cron: LifecycleComponent = {
  name: 'cron',
  start: () => {
    if (mode === 'start-fail') throw new Error('bad cron expression');
  },
  stop: () => undefined,
};

lifecycle
  .add(new OpsServer({ logger, metrics: new MetricsRegistry(), readiness }))
  .add(simple('consumer'))
  .add(processor)
  .add(cron);

await runUntilSignal(lifecycle);
