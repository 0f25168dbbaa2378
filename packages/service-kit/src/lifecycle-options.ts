import type { Logger } from 'pino';
import { defaultShutdownForceMs, defaultShutdownGraceMs } from './common-env.ts';
import { ServiceKitError } from './errors.ts';

export interface LifecycleOptions {
  readonly logger: Logger;
  /**
   * How long `stop()` lets components finish in-flight work. When it passes,
   * a warning is logged and `StopContext.graceExpired` aborts, telling the
   * component still stopping to give up its work and release resources.
   * Default 20 000 ms (`VIGIA_SHUTDOWN_GRACE_MS`).
   */
  readonly graceTimeoutMs?: number;
  /**
   * How long `stop()` may take in total before the process exits with code 1,
   * whatever is still running. Must be longer than `graceTimeoutMs`.
   * Default 25 000 ms (`VIGIA_SHUTDOWN_FORCE_MS`).
   */
  readonly forceTimeoutMs?: number;
  /** Ends the process when the force timeout passes. Default `process.exit`; tests pass a spy. */
  readonly exit?: (code: number) => void;
}

export interface CompiledLifecycleOptions {
  readonly logger: Logger;
  readonly graceTimeoutMs: number;
  readonly forceTimeoutMs: number;
  readonly exit: (code: number) => void;
}

/** Applies defaults and checks ranges once; the lifecycle only reads the frozen result. */
export function compileLifecycleOptions(options: LifecycleOptions): CompiledLifecycleOptions {
  const { logger, graceTimeoutMs = defaultShutdownGraceMs, forceTimeoutMs = defaultShutdownForceMs, exit = (code: number) => process.exit(code) } = options;
  if (!Number.isInteger(graceTimeoutMs) || graceTimeoutMs < 0) {
    throw invalid(`graceTimeoutMs must be a whole number of milliseconds, 0 or more (got ${graceTimeoutMs})`, options);
  }
  if (!Number.isInteger(forceTimeoutMs) || forceTimeoutMs <= graceTimeoutMs) {
    throw invalid(
      `forceTimeoutMs must be a whole number of milliseconds longer than graceTimeoutMs (got ${forceTimeoutMs} ≤ ${graceTimeoutMs}); otherwise the process would exit before the grace period ends`,
      options,
    );
  }
  return Object.freeze({ logger, graceTimeoutMs, forceTimeoutMs, exit });
}

function invalid(message: string, options: LifecycleOptions): ServiceKitError {
  return new ServiceKitError('VIGIA_LIFECYCLE_OPTIONS_INVALID', message, {
    context: { graceTimeoutMs: options.graceTimeoutMs, forceTimeoutMs: options.forceTimeoutMs },
  });
}
