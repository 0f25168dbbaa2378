import { defineConfig } from 'vitest/config';

// One config for the whole repository; the test tier is in the file name
// (`*.unit.spec.ts` no I/O, `*.int.spec.ts` real broker or disk, `*.e2e.spec.ts`
// whole services) so each tier can run on its own.
const exclude = ['**/node_modules/**', '**/.vigia/**'];

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    // The machine (2 cores) and the broker are shared by every test file.
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        // Unit tests are CPU-bound: on a busy 2-core CI machine a property test can
        // take several times its idle duration, so the budget is generous and explicit
        // rather than vitest's 5 s default, which measured machine speed, not behaviour.
        test: { name: 'unit', include: ['**/*.unit.spec.ts'], exclude, testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['**/*.int.spec.ts', '**/*.e2e.spec.ts'],
          exclude,
          globalSetup: ['tests/support/kafka-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
