import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { LogRecord } from './testing/memory-log.ts';

const fixture = new URL('./__fixtures__/service-child.ts', import.meta.url).pathname;
const startOrder = ['ops-server', 'consumer', 'processor', 'cron'];

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Runs the fixture service in a child Node process and follows its JSON log lines. */
function spawnService(...args: string[]) {
  const child = spawn(process.execPath, [fixture, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const records: LogRecord[] = [];
  let stderr = '';
  let wake: () => void = () => undefined;
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      records.push(JSON.parse(line) as LogRecord);
    } catch {
      stderr += `unparsed stdout: ${line}\n`;
    }
    wake();
  });
  onTestFinished(() => {
    if (!hasExited) child.kill('SIGKILL');
  });

  /** Resolves with the first record matching; fails fast if the child exits first. */
  async function waitForLog(predicate: (record: LogRecord) => boolean, label: string, timeoutMs = 15_000): Promise<LogRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = records.find(predicate);
      if (found !== undefined) return found;
      if (hasExited) throw new Error(`child exited before logging ${label}; stderr:\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${label} within ${timeoutMs} ms; stderr:\n${stderr}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  }

  const stoppedOrder = () => records.filter((r) => r.msg === 'component stopped').map((r) => r.component);
  const running = () => waitForLog((r) => r.msg === 'service running', 'service running');
  return { child, records, exited, waitForLog, stoppedOrder, running, stderr: () => stderr };
}

describe('runUntilSignal (child process)', () => {
  it('on SIGTERM stops components in reverse order, then dies by SIGTERM', async () => {
    const service = spawnService('run');
    await service.running();
    const { url } = (await service.waitForLog((r) => r.msg === 'ops server listening', 'ops url')) as { url: string };
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(service.stoppedOrder()).toEqual(startOrder.toReversed());
    expect(service.records.at(-1)).toMatchObject({ msg: 'shutdown complete; re-raising the signal', signal: 'SIGTERM' });
  });

  it('on SIGINT does the same and dies by SIGINT', async () => {
    const service = spawnService('run');
    await service.running();
    service.child.kill('SIGINT');
    expect(await service.exited).toEqual({ code: null, signal: 'SIGINT' });
    expect(service.stoppedOrder()).toEqual(startOrder.toReversed());
  });

  it('stops gracefully and exits 1 when a component reports a fatal error', async () => {
    const service = spawnService('fatal');
    await service.running();
    service.child.kill('SIGUSR2');
    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(service.records.find((r) => r.level === 'fatal')).toMatchObject({ component: 'processor', err: { message: 'processor crashed' } });
    expect(service.stoppedOrder()).toEqual(startOrder.toReversed());
  });

  it('turns an uncaught exception into a graceful stop and exit code 1', async () => {
    const service = spawnService('uncaught');
    await service.running();
    service.child.kill('SIGUSR2');
    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(service.records.find((r) => r.level === 'fatal')).toMatchObject({ component: 'process', err: { message: 'nobody caught this' } });
    expect(service.stoppedOrder()).toEqual(startOrder.toReversed());
  });

  it('exits 1 when a component fails to start, after stopping those that started', async () => {
    const service = spawnService('start-fail');
    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(service.records.find((r) => r.msg === 'component failed to start')).toMatchObject({ component: 'cron' });
    expect(service.stoppedOrder()).toEqual(['processor', 'consumer', 'ops-server']);
  });

  it('is not ready while stopping, and a second signal forces exit with 128 + signal', async () => {
    const service = spawnService('hang-stop', '60000');
    await service.running();
    const { url } = (await service.waitForLog((r) => r.msg === 'ops server listening', 'ops url')) as { url: string };
    service.child.kill('SIGTERM');
    await service.waitForLog((r) => r.msg === 'draining', 'draining');
    const readyz = await fetch(`${url}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toMatchObject({ failing: ['lifecycle'] });

    service.child.kill('SIGINT');
    expect(await service.exited).toEqual({ code: 130, signal: null });
    expect(service.records.at(-1)).toMatchObject({ msg: 'second signal during shutdown; exiting now', signal: 'SIGINT' });
  });

  it('exits 1 when shutdown outlives the force timeout', async () => {
    const service = spawnService('hang-stop', '800');
    await service.running();
    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 1, signal: null });
    const messages = service.records.map((r) => r.msg);
    expect(messages).toContain('shutdown grace period is over; abandoning in-flight work');
    expect(service.records.at(-1)).toMatchObject({ level: 'fatal', msg: 'shutdown did not finish in time; forcing exit', component: 'processor' });
  });
});
