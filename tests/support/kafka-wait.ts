import { setTimeout as delay } from 'node:timers/promises';
import type { Consumer } from 'kafkajs';
import { KafkaHarnessError } from './kafka-harness-errors.ts';

type Falsy = false | 0 | 0n | '' | null | undefined;

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Names the condition in the timeout error: say what was expected. */
  label: string;
  /** Give up after this long. Default 15 000 ms (tests time out at 60 s). */
  timeoutMs?: number;
  /** Pause between two checks. Default 25 ms. */
  intervalMs?: number;
  /**
   * Checked before every attempt; returning an error (anything truthy) stops the wait
   * at once. Use it so that a crashed consumer fails the test now, not at the timeout
   * (see {@link watchConsumerCrash}).
   */
  failWhen?: () => unknown;
}

const defaultTimeoutMs = 15_000;
const defaultIntervalMs = 25;

/**
 * Polls `condition` until it returns a truthy value and resolves with that value.
 * A condition that throws fails the wait immediately (with the error as `cause`);
 * tests wait for conditions, never for a fixed time.
 *
 * @throws KafkaHarnessError `VIGIA_TEST_WAIT_TIMEOUT` naming `label` on timeout,
 *   `VIGIA_TEST_WAIT_ABORTED` when `failWhen` reports an error,
 *   `VIGIA_TEST_WAIT_CONDITION_FAILED` when `condition` throws.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitForOptions): Promise<Exclude<T, Falsy>> {
  const { label, timeoutMs = defaultTimeoutMs, intervalMs = defaultIntervalMs, failWhen } = options;
  const startedAt = performance.now();
  let attempts = 0;
  for (;;) {
    const failure: unknown = failWhen?.();
    if (failure) {
      throw new KafkaHarnessError('VIGIA_TEST_WAIT_ABORTED', `gave up waiting for ${label}: ${describe(failure)}`, {
        cause: failure,
        context: { label, attempts },
      });
    }
    attempts += 1;
    let value: T;
    try {
      value = await condition();
    } catch (error) {
      throw new KafkaHarnessError('VIGIA_TEST_WAIT_CONDITION_FAILED', `checking ${label} failed: ${describe(error)}`, {
        cause: error,
        context: { label, attempts },
      });
    }
    if (value) return value as Exclude<T, Falsy>;
    const elapsedMs = performance.now() - startedAt;
    if (elapsedMs >= timeoutMs) {
      throw new KafkaHarnessError('VIGIA_TEST_WAIT_TIMEOUT', `timed out after ${timeoutMs} ms waiting for ${label}`, {
        context: { label, timeoutMs, attempts },
      });
    }
    await delay(Math.min(intervalMs, Math.max(0, timeoutMs - elapsedMs)));
  }
}

/**
 * Remembers whether a kafkajs consumer crashed; pass the result as
 * {@link WaitForOptions.failWhen}. kafkajs reports a crash only through this event,
 * so without it a wait on a dead consumer would only end at its timeout.
 */
export function watchConsumerCrash(consumer: Consumer): () => Error | undefined {
  let crash: Error | undefined;
  consumer.on(consumer.events.CRASH, (event) => {
    crash = event.payload.error;
  });
  return () => crash;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
