import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, defaultRetryOptions, isRetriable, RetriesExhaustedError, withRetry } from './retry.ts';

const retriable = (message: string) => Object.assign(new Error(message), { retriable: true });
const noSleep = { sleep: async () => {} };

describe('isRetriable', () => {
  it('trusts the flag set where the error was thrown', () => {
    expect(isRetriable(retriable('leader not available'))).toBe(true);
    expect(isRetriable(new Error('bad request'))).toBe(false);
    expect(isRetriable('a string')).toBe(false);
  });

  it('never retries programming errors, whatever they claim', () => {
    expect(isRetriable(Object.assign(new TypeError('x is undefined'), { retriable: true }))).toBe(false);
    expect(isRetriable(Object.assign(new RangeError('out of range'), { retriable: true }))).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially up to the cap without jitter', () => {
    const options = { ...defaultRetryOptions, jitter: 0, initialDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, options))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('stays within the jitter band around the base delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (attempt, r) => {
        const options = defaultRetryOptions;
        const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.multiplier ** (attempt - 1));
        const delay = backoffDelayMs(attempt, options, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(base * (1 - options.jitter)));
        expect(delay).toBeLessThanOrEqual(Math.ceil(base * (1 + options.jitter)));
      }),
    );
  });
});

describe('withRetry', () => {
  it('returns the first success after retriable failures', async () => {
    let calls = 0;
    const retries: number[] = [];
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw retriable('not yet');
        return 'ok';
      },
      defaultRetryOptions,
      { ...noSleep, onRetry: (_err, attempt) => retries.push(attempt) },
    );
    expect(result).toBe('ok');
    expect(retries).toEqual([1, 2]);
  });

  it('rethrows a non-retriable error at once', async () => {
    let calls = 0;
    const failure = new Error('schema mismatch');
    await expect(
      withRetry(
        async () => {
          calls++;
          throw failure;
        },
        defaultRetryOptions,
        noSleep,
      ),
    ).rejects.toBe(failure);
    expect(calls).toBe(1);
  });

  it('wraps the last error with its cause when retries run out', async () => {
    const last = retriable('broker down');
    const error = await withRetry(
      async () => {
        throw last;
      },
      { ...defaultRetryOptions, retries: 2 },
      noSleep,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(3);
    expect((error as RetriesExhaustedError).cause).toBe(last);
  });

  it('stops early when told to', async () => {
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw retriable('busy');
      },
      defaultRetryOptions,
      { ...noSleep, shouldContinue: () => false },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(calls).toBe(1);
  });
});
