/** The `vigia` executable as a process: argument handling, environment, exit status. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

function vigia(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

describe('vigia executable', () => {
  it('prints help and exits 0, refuses an unknown flag with exit 2', async () => {
    const help = await vigia(['ingest', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: vigia ingest <file>');
    const unknown = await vigia(['ingest', 'a.csv', '--direct', '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'");
  });

  it('ingests a file onto the embedded Bus named by VIGIA_DATA_DIR and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigia-main-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'two.ndjson');
    await writeFile(file, '{"eventId":"m-1"}\n{"eventId":"m-2"}\n');
    const run = await vigia(['ingest', file, '--direct', '--progress', 'none'], { VIGIA_DATA_DIR: join(dir, 'data'), VIGIA_FSYNC: 'never' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('records   2: accepted 2, rejected 0');
  });
});
