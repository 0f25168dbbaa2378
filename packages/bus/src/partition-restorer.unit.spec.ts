import { describe, expect, it } from 'vitest';
import { createPartitionRestorer } from './partition-restorer.ts';

function harness() {
  const installed = new Map<number, string>();
  const loads: { partition: number; resolve: (value: string) => void; reject: (error: unknown) => void }[] = [];
  const restorer = createPartitionRestorer<string>({
    has: (partition) => installed.has(partition),
    load: (partition) => new Promise((resolve, reject) => loads.push({ partition, resolve, reject })),
    install: (partition, value) => installed.set(partition, value),
    drop: (partition) => installed.delete(partition),
  });
  return { installed, loads, restorer };
}

describe('createPartitionRestorer', () => {
  it('restores a partition once, however many batches ask for it meanwhile', async () => {
    const { installed, loads, restorer } = harness();
    const first = restorer.ensure(3);
    const second = restorer.ensure(3);
    expect(loads).toHaveLength(1);
    loads[0]!.resolve('state of 3');
    await Promise.all([first, second]);
    expect(installed.get(3)).toBe('state of 3');
    await restorer.ensure(3);
    expect(loads).toHaveLength(1);
  });

  it('discards a restore that finishes after its partition was revoked', async () => {
    const { installed, loads, restorer } = harness();
    const pending = restorer.ensure(1);
    restorer.revoke(1);
    loads[0]!.resolve('stale');
    await pending;
    expect(installed.has(1)).toBe(false);
  });

  it('tries a failed restore again on the next request', async () => {
    const { installed, loads, restorer } = harness();
    const failed = restorer.ensure(2);
    loads[0]!.reject(new Error('broker unreachable'));
    await expect(failed).rejects.toThrow('broker unreachable');
    const retried = restorer.ensure(2);
    loads[1]!.resolve('state of 2');
    await retried;
    expect(installed.get(2)).toBe('state of 2');
  });
});
