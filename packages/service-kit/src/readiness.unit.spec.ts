import { describe, expect, it } from 'vitest';
import { Readiness } from './readiness.ts';

describe('Readiness', () => {
  it('is ready with no checks and when every check passes', async () => {
    const readiness = new Readiness();
    expect(await readiness.run()).toEqual({ ready: true, checks: [] });
    readiness.add('lifecycle', () => true);
    readiness.add('kafka', async () => ({ ready: true }));
    expect(await readiness.run()).toEqual({
      ready: true,
      checks: [
        { name: 'lifecycle', ready: true },
        { name: 'kafka', ready: true },
      ],
    });
  });

  it('names the failing checks and why: false, a reason, a throw, a hang', async () => {
    const readiness = new Readiness({ checkTimeoutMs: 20 });
    readiness.add('ok', () => true);
    readiness.add('consumer', () => ({ ready: false, reason: 'not assigned any partition yet' }));
    readiness.add('broken', () => {
      throw new Error('broker unreachable');
    });
    readiness.add('stuck', () => new Promise<boolean>(() => undefined));
    readiness.add('plain', () => false);
    const report = await readiness.run();
    expect(report.ready).toBe(false);
    expect(report.checks).toEqual([
      { name: 'ok', ready: true },
      { name: 'consumer', ready: false, reason: 'not assigned any partition yet' },
      { name: 'broken', ready: false, reason: 'broker unreachable' },
      { name: 'stuck', ready: false, reason: 'no answer within 20 ms' },
      { name: 'plain', ready: false },
    ]);
  });

  it('removes a check with the function add returned, and refuses duplicate names', async () => {
    const readiness = new Readiness();
    const remove = readiness.add('consumer', () => false);
    expect(() => readiness.add('consumer', () => true)).toThrowError(expect.objectContaining({ code: 'VIGIA_OPS_CHECK_DUPLICATE' }));
    remove();
    expect((await readiness.run()).ready).toBe(true);
  });
});
