import { describe, expect, it } from 'vitest';
import { KafkaHarnessError } from './kafka-harness-errors.ts';
import { waitFor } from './kafka-wait.ts';

describe('waitFor', () => {
  it('resolves with the first truthy value of the condition', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { label: 'third call', intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('names the label, the timeout and the attempts when it times out', async () => {
    const error = await waitFor(() => false, { label: 'records on topic-x', timeoutMs: 30, intervalMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaHarnessError);
    expect(error).toMatchObject({ code: 'VIGIA_TEST_WAIT_TIMEOUT', label: 'records on topic-x', timeoutMs: 30 });
    expect((error as Error).message).toContain('records on topic-x');
    expect((error as { attempts: number }).attempts).toBeGreaterThan(1);
  });

  it('stops at once when failWhen reports an error, keeping it as the cause', async () => {
    const crash = new TypeError('consumer crashed');
    let checks = 0;
    const error = await waitFor(
      () => {
        checks += 1;
        return false;
      },
      { label: 'records', timeoutMs: 60_000, failWhen: () => (checks >= 2 ? crash : undefined) },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VIGIA_TEST_WAIT_ABORTED', label: 'records', cause: crash });
    expect(checks).toBe(2);
  });

  it('fails fast when the condition throws, keeping the error as the cause', async () => {
    const boom = new RangeError('broken check');
    const error = await waitFor(
      async () => {
        throw boom;
      },
      { label: 'a broken check', timeoutMs: 60_000 },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VIGIA_TEST_WAIT_CONDITION_FAILED', label: 'a broken check', cause: boom });
  });
});
