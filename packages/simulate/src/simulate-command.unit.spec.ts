import { describe, expect, it } from 'vitest';
import { csvHeaderLine } from './render.ts';
import { runSimulateCommand, simulateHelp } from './simulate-command.ts';

function memoryIo() {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: {} },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

describe('vigia simulate', () => {
  it('prints its help', async () => {
    const run = memoryIo();
    expect(await runSimulateCommand(['--help'], run.io)).toBe(0);
    expect(run.stdout()).toBe(simulateHelp);
  });

  it('writes NDJSON to stdout and a summary to stderr', async () => {
    const run = memoryIo();
    expect(await runSimulateCommand(['--count', '200', '--seed', 'cli'], run.io)).toBe(0);
    const lines = run.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(200);
    expect(run.stderr()).toMatch(/^vigia simulate: wrote 200 records to stdout/);
  });

  it('writes CSV with our header', async () => {
    const run = memoryIo();
    expect(await runSimulateCommand(['--count', '100', '--format', 'csv'], run.io)).toBe(0);
    expect(run.stdout().split('\n')[0]).toBe(csvHeaderLine());
  });

  it.each([[['--bogus']], [['--format', 'xml']], [['--count', 'many']], [['--late-share', '2']], [['--scenario', 'mars']]])(
    'exits 2 on a usage error: %j',
    async (argv) => {
      const run = memoryIo();
      expect(await runSimulateCommand(argv, run.io)).toBe(2);
      expect(run.stdout()).toBe('');
      expect(run.stderr()).toMatch(/^vigia simulate: /);
    },
  );
});
