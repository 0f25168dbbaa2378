import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoalescingTask } from './coalescing-task.ts';

describe('CoalescingTask', () => {
  it('answers every request with a run that started after it, and shares runs between waiting requests', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 30 }), async (pauses) => {
        let runs = 0;
        let running = false;
        const task = new CoalescingTask(async () => {
          expect(running, 'runs never overlap').toBe(false);
          running = true;
          runs += 1;
          await Promise.resolve();
          running = false;
        });
        const answers: Promise<void>[] = [];
        for (const pause of pauses) {
          const startedBefore = runs;
          answers.push(task.request().then(() => expect(runs).toBeGreaterThan(startedBefore)));
          for (let i = 0; i < pause; i++) await Promise.resolve();
        }
        await Promise.all(answers);
        expect(runs).toBeLessThanOrEqual(pauses.length);
      }),
    );
  });

  it('rejects the requests of a failed run and runs again for later ones', async () => {
    let fail = true;
    const task = new CoalescingTask(async () => {
      if (fail) throw new RangeError('disk full');
    });
    await expect(task.request()).rejects.toThrow('disk full');
    fail = false;
    await expect(task.request()).resolves.toBeUndefined();
    await task.idle();
  });
});
