/**
 * The one retry policy of the repository. Whether an error is worth retrying is
 * decided where it is thrown (`retriable` on the error); this module only
 * decides how long to wait and when to give up.
 */
import { BusError } from './bus-errors.ts';

export interface RetryOptions {
  /** Attempts after the first one. */
  readonly retries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Each delay is multiplied by this factor. */
  readonly multiplier: number;
  /** Fraction of each delay that is randomized, 0..1 (full jitter at 1). */
  readonly jitter: number;
}

export const defaultRetryOptions: RetryOptions = Object.freeze({
  retries: 5,
  initialDelayMs: 100,
  maxDelayMs: 10_000,
  multiplier: 2,
  jitter: 0.2,
});

/**
 * Programming errors never heal by waiting, whatever they claim; everything
 * else is retried only when it says so (kafkajs and our errors set `retriable`).
 */
export function isRetriable(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return false;
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}

/** Delay before retry number `attempt` (1-based), with jitter drawn from `random` in [0, 1). */
export function backoffDelayMs(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.multiplier ** (attempt - 1));
  const jitterMs = base * options.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(base + jitterMs));
}

/**
 * A retriable failure that kept failing; `cause` is the last one. Not
 * retriable itself: the budget is spent, so the caller stops.
 */
export class RetriesExhaustedError extends BusError<'VIGIA_BUS_RETRIES_EXHAUSTED'> {
  declare readonly attempts: number;
  constructor(attempts: number, cause: unknown) {
    super('VIGIA_BUS_RETRIES_EXHAUSTED', `gave up after ${attempts} attempts: ${describe(cause)}`, {
      cause,
      context: { attempts },
    });
  }
}

export interface RetryHooks {
  /** Called before each wait; lets callers log and count retries. */
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
  /** Stops retrying early (e.g. the service is shutting down). */
  shouldContinue?(): boolean;
  sleep?(ms: number): Promise<void>;
  random?(): number;
}

/** Runs `operation` until it succeeds, fails with a non-retriable error, or retries run out. */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = defaultRetryOptions,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetriable(error)) throw error;
      if (attempt > options.retries || hooks.shouldContinue?.() === false) {
        throw new RetriesExhaustedError(attempt, error);
      }
      const delayMs = backoffDelayMs(attempt, options, hooks.random);
      hooks.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
