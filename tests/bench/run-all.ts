/**
 * `pnpm bench` — runs every `*.bench.ts` under tests/bench, one after the
 * other (they share the broker and two cores; in parallel they would measure
 * each other), each in its own Node process with `--expose-gc` so heap
 * measurements can collect first. Exits non-zero if any benchmark failed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const benchDir = new URL('.', import.meta.url).pathname;

function benchFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? benchFiles(join(dir, entry.name)) : entry.name.endsWith('.bench.ts') ? [join(dir, entry.name)] : []))
    .sort();
}

let failed = 0;
for (const file of benchFiles(benchDir)) {
  process.stdout.write(`\n=== ${relative(benchDir, file)}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', file], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    failed += 1;
    process.stderr.write(`${relative(benchDir, file)} failed (exit ${result.status ?? result.signal})\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
