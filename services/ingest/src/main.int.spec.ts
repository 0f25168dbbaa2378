/**
 * The ingest service as a process: configuration from the environment, the
 * API and the ops endpoints up, a report accepted, and a clean stop on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { hashApiKey } from './http/api-keys.ts';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

function startService(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (text) => logs.push(JSON.parse(text) as Record<string, unknown>));
  /** Resolves with the first log line whose message is `msg`; fails if the process exits first. */
  const waitForLog = (msg: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = logs.find((line) => line.msg === msg);
        if (found !== undefined) resolve(found);
      };
      check();
      lines.on('line', check);
      void exited.then(() => reject(new Error(`service exited before logging "${msg}": ${stderr}`)));
    });
  return { child, logs, exited, waitForLog, stderr: () => stderr };
}

describe('ingest service process', () => {
  it('serves the API and ops endpoints, accepts a report, and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigia-ingest-main-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const service = startService({
      VIGIA_INGEST_API_KEYS: `desk:publisher:${hashApiKey('desk-key')}`,
      VIGIA_DATA_DIR: join(dir, 'data'),
      VIGIA_FSYNC: 'never',
      VIGIA_HTTP_PORT: '0',
      VIGIA_OPS_PORT: '0',
    });
    const api = String((await service.waitForLog('ingest API listening')).url);
    const ops = String(service.logs.find((line) => line.msg === 'ops server listening')?.url);

    const answer = await fetch(`${api}/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'desk-key' },
      body: JSON.stringify({ eventId: 'proc-1' }),
    });
    expect(answer.status).toBe(200);
    expect((await fetch(`${ops}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${ops}/metrics`)).text()).toMatch(/vigia_ingest_records_total\{format="json",outcome="accepted"\} 1/);
    expect(JSON.stringify(service.logs)).not.toContain('desk-key');

    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(service.logs.map((line) => line.msg)).toContain('shutdown complete; re-raising the signal');
  });

  it('refuses to start without API keys and says how to fix it', async () => {
    const service = startService({ VIGIA_HTTP_PORT: '0', VIGIA_OPS_PORT: '0' });
    expect(await service.exited).toEqual({ code: 78, signal: null }); // EX_CONFIG
    expect(service.stderr()).toContain('VIGIA_INGEST_API_KEYS is required');
  });
});
