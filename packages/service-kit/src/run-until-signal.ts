import { constants } from 'node:os';
import type { Lifecycle } from './lifecycle.ts';

export interface RunUntilSignalOptions {
  /** Default `['SIGTERM', 'SIGINT']`. */
  readonly signals?: readonly NodeJS.Signals[];
  /**
   * Turns an uncaught exception or unhandled rejection into a graceful stop
   * with exit code 1, instead of Node's immediate exit that skips commits and
   * disconnects. Default `true`.
   */
  readonly handleUncaughtErrors?: boolean;
}

// If another listener keeps the re-raised signal from killing us, exit anyway.
const reRaiseFallbackMs = 1_000;

/**
 * Runs a service's lifecycle for the life of the process; only `main.ts`
 * calls this. Starts the lifecycle, and then:
 *
 * - on the first signal, stops gracefully, removes its handlers and raises
 *   the same signal again, so the parent sees the conventional "terminated
 *   by SIGTERM" (exit status 143 in a shell) rather than a plain exit;
 * - on a second signal during shutdown, exits at once with 128 + signal number;
 * - when a start fails, a component reports a fatal error or a stop fails,
 *   exits with code 1 once the shutdown is done;
 * - when the lifecycle stops by itself without failure, exits with code 0.
 *
 * The process always ends: the returned promise never settles.
 */
export async function runUntilSignal(lifecycle: Lifecycle, options: RunUntilSignalOptions = {}): Promise<never> {
  const { signals = ['SIGTERM', 'SIGINT'], handleUncaughtErrors = true } = options;
  const log = lifecycle.logger;
  let received: NodeJS.Signals | undefined;

  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      log.warn({ signal, firstSignal: received }, 'second signal during shutdown; exiting now');
      process.exit(exitCodeOf(signal));
    }
    received = signal;
    log.info({ signal }, 'signal received; shutting down');
    void lifecycle.stop(`signal ${signal}`);
  };
  const onUncaught = (error: unknown) => lifecycle.fail(error, 'process');

  for (const signal of signals) process.on(signal, onSignal);
  if (handleUncaughtErrors) {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
  }

  // A failed start is already part of the outcome (and logged); nothing to add here.
  if (lifecycle.state === 'created') await lifecycle.start().catch(() => undefined);
  const outcome = await lifecycle.finished;

  for (const signal of signals) process.off(signal, onSignal);
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);

  if (received === undefined || outcome.exitCode !== 0) {
    log.info({ exitCode: outcome.exitCode }, 'exiting');
    process.exit(outcome.exitCode);
  }
  const exitCode = exitCodeOf(received);
  log.info({ signal: received }, 'shutdown complete; re-raising the signal');
  process.exitCode = exitCode;
  setTimeout(() => process.exit(exitCode), reRaiseFallbackMs);
  process.kill(process.pid, received);
  // The signal ends the process; this only satisfies the `never` return type.
  return new Promise<never>(() => undefined);
}

/** The shell convention for "terminated by signal N": 128 + N. */
export function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
