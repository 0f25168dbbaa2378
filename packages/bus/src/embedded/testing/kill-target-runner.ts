/** Starts `kill-target.ts` in a child process and SIGKILLs it; for the recovery specs. */
import { type ChildProcess, spawn } from 'node:child_process';
import { onTestFinished } from 'vitest';

export interface KillTarget {
  readonly child: ChildProcess;
  /** Resolves when the child printed `line` (rejects if it exits first). */
  waitFor(line: string): Promise<void>;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<void>;
}

export function startKillTarget(mode: 'copy' | 'produce', dataDir: string): KillTarget {
  const child = spawn(process.execPath, [new URL('./kill-target.ts', import.meta.url).pathname, mode, dataDir], {
    cwd: new URL('../../..', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const kill = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  onTestFinished(kill);
  return {
    child,
    kill,
    waitFor: (line) =>
      new Promise<void>((resolve, reject) => {
        const check = () => output.split('\n').includes(line) && resolve();
        check();
        child.stdout.on('data', check);
        void exited.then(() => reject(new Error(`kill target exited (${child.exitCode}) before printing "${line}"`)));
      }),
  };
}
