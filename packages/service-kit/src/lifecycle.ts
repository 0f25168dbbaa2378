import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { ServiceKitError } from './errors.ts';
import { compileLifecycleOptions, type CompiledLifecycleOptions, type LifecycleOptions } from './lifecycle-options.ts';
import type { ReadinessCheck } from './readiness.ts';

export type LifecycleState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

/** Given to `LifecycleComponent.start`. */
export interface StartContext {
  /** A child logger with `component` bound. */
  readonly logger: Logger;
  /** Aborts as soon as a stop is requested: give up connecting or retrying. */
  readonly stopRequested: AbortSignal;
  /** Reports an unrecoverable error at any later time (a crashed processor loop): the service stops and fails. */
  fail(error: unknown): void;
}

/** Given to `LifecycleComponent.stop`. */
export interface StopContext {
  readonly logger: Logger;
  /** Aborts when the grace period is over: abandon in-flight work and release resources now. */
  readonly graceExpired: AbortSignal;
}

/**
 * A part of a service with something to open and close: the ops server, a
 * Kafka subscription, a cron scheduler. Components start in the order they
 * were added and stop in reverse, so what was opened first (connections)
 * is closed last, after the work using it has finished and committed.
 *
 * A component whose `start` throws is not stopped: it must clean up what it
 * half-opened before throwing.
 */
export interface LifecycleComponent {
  readonly name: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: a component's start may return nothing or a promise, and `void` is what a method without a return gives
  start?(context: StartContext): void | Promise<unknown>;
  stop?(context: StopContext): void | Promise<void>;
}

export interface LifecycleOutcome {
  readonly state: 'stopped' | 'failed';
  /** 0 after a clean stop, 1 after a failed start, a fatal error or a failed stop. */
  readonly exitCode: 0 | 1;
  readonly errors: readonly unknown[];
}

/**
 * The explicit lifecycle of a service: `created → starting → running →
 * stopping → stopped | failed`. `stop()` is idempotent (every call returns
 * the same promise), may be called in any state, and is bounded by the grace
 * and force timeouts of `LifecycleOptions`.
 */
export class Lifecycle {
  readonly logger: Logger;
  readonly #options: CompiledLifecycleOptions;
  readonly #components: LifecycleComponent[] = [];
  readonly #started: LifecycleComponent[] = [];
  readonly #errors: unknown[] = [];
  readonly #stopController = new AbortController();
  readonly #finished = Promise.withResolvers<LifecycleOutcome>();
  #state: LifecycleState = 'created';
  #startPromise: Promise<void> | undefined;
  #stopPromise: Promise<LifecycleOutcome> | undefined;
  #stopping: string | undefined;

  constructor(options: LifecycleOptions) {
    this.#options = compileLifecycleOptions(options);
    this.logger = this.#options.logger;
  }

  get state(): LifecycleState {
    return this.#state;
  }

  /** Settles once the lifecycle is `stopped` or `failed`; never rejects. */
  get finished(): Promise<LifecycleOutcome> {
    return this.#finished.promise;
  }

  /** Adds a component; only before `start()`. */
  add(component: LifecycleComponent): this {
    if (this.#state !== 'created') throw stateError('add a component', this.#state);
    this.#components.push(component);
    return this;
  }

  /**
   * Starts every component in order. If one throws, those already started are
   * stopped in reverse and the promise rejects with
   * `VIGIA_LIFECYCLE_START_FAILED`. A stop requested meanwhile ends the start
   * early; the promise then resolves and `state` tells what happened.
   */
  start(): Promise<void> {
    if (this.#state !== 'created') return Promise.reject(stateError('start', this.#state));
    this.#startPromise = this.#runStart();
    return this.#startPromise;
  }

  /** Stops what was started, in reverse order. Every call returns the same promise. */
  stop(reason = 'stop requested'): Promise<LifecycleOutcome> {
    this.#stopPromise ??= this.#runStop(reason);
    return this.#stopPromise;
  }

  /** Reports an unrecoverable error: the service stops and its outcome is `failed`. */
  fail(error: unknown, component = 'service'): void {
    this.#errors.push(error);
    if (this.#state === 'stopped' || this.#state === 'failed') {
      this.logger.error({ err: error, component }, 'error after the service stopped');
      return;
    }
    this.logger.fatal({ err: error, component }, 'fatal error; stopping the service');
    void this.stop(`fatal error in ${component}`);
  }

  async #runStart(): Promise<void> {
    this.#setState('starting');
    for (const component of this.#components) {
      if (this.#stopController.signal.aborted) return;
      const logger = this.logger.child({ component: component.name });
      const startedAt = performance.now();
      try {
        await component.start?.({
          logger,
          stopRequested: this.#stopController.signal,
          fail: (error) => this.fail(error, component.name),
        });
      } catch (cause) {
        // Giving up because a stop was requested is what the signal asked for, not a failure.
        if (this.#stopController.signal.aborted) {
          logger.info({ err: cause }, 'component start interrupted by shutdown');
          return;
        }
        const error = new ServiceKitError('VIGIA_LIFECYCLE_START_FAILED', `component ${component.name} failed to start`, {
          cause,
          context: { component: component.name },
        });
        this.#errors.push(error);
        logger.error({ err: cause }, 'component failed to start');
        void this.stop(`component ${component.name} failed to start`);
        throw error;
      }
      this.#started.push(component);
      logger.info({ durationMs: elapsedMs(startedAt) }, 'component started');
    }
    if (!this.#stopController.signal.aborted) this.#setState('running');
  }

  async #runStop(reason: string): Promise<LifecycleOutcome> {
    this.#stopController.abort();
    if (this.#state === 'created') return this.#finish();
    this.#setState('stopping', { reason });
    const graceController = new AbortController();
    const timers = this.#armShutdownTimers(graceController);
    try {
      // A component in the middle of starting finishes (or gives up) before anything is stopped.
      await this.#startPromise?.catch(() => undefined);
      for (const component of this.#started.toReversed()) {
        await this.#stopComponent(component, graceController.signal);
      }
    } finally {
      for (const timer of timers) clearTimeout(timer);
      this.#stopping = undefined;
    }
    return this.#finish();
  }

  async #stopComponent(component: LifecycleComponent, graceExpired: AbortSignal): Promise<void> {
    const logger = this.logger.child({ component: component.name });
    const startedAt = performance.now();
    this.#stopping = component.name;
    try {
      await component.stop?.({ logger, graceExpired });
      logger.info({ durationMs: elapsedMs(startedAt) }, 'component stopped');
    } catch (err) {
      // Keep going: a failed flush must not leave later connections open.
      this.#errors.push(err);
      logger.error({ err, durationMs: elapsedMs(startedAt) }, 'component failed to stop');
    }
  }

  #armShutdownTimers(graceController: AbortController): NodeJS.Timeout[] {
    const { graceTimeoutMs, forceTimeoutMs, exit } = this.#options;
    const grace = setTimeout(() => {
      this.logger.warn({ graceTimeoutMs, component: this.#stopping }, 'shutdown grace period is over; abandoning in-flight work');
      graceController.abort();
    }, graceTimeoutMs);
    const force = setTimeout(() => {
      this.logger.fatal({ forceTimeoutMs, component: this.#stopping }, 'shutdown did not finish in time; forcing exit');
      exit(1);
    }, forceTimeoutMs);
    return [grace, force];
  }

  #finish(): LifecycleOutcome {
    const failed = this.#errors.length > 0;
    const outcome: LifecycleOutcome = {
      state: failed ? 'failed' : 'stopped',
      exitCode: failed ? 1 : 0,
      errors: [...this.#errors],
    };
    this.#setState(outcome.state);
    this.#finished.resolve(outcome);
    return outcome;
  }

  #setState(state: LifecycleState, fields: Record<string, unknown> = {}): void {
    const from = this.#state;
    this.#state = state;
    const level = state === 'failed' ? 'error' : 'info';
    this.logger[level]({ ...fields, from, to: state }, `service ${state}`);
  }
}

/** A readiness check that passes only while the lifecycle is `running`. */
export function lifecycleReadinessCheck(lifecycle: Lifecycle): ReadinessCheck {
  return () => (lifecycle.state === 'running' ? true : { ready: false, reason: `service is ${lifecycle.state}` });
}

function stateError(action: string, state: LifecycleState): ServiceKitError {
  return new ServiceKitError('VIGIA_LIFECYCLE_STATE_INVALID', `cannot ${action} in state ${state}`, { context: { state } });
}

function elapsedMs(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}
