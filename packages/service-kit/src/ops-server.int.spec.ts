import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from './logger.ts';
import { MetricsRegistry } from './metrics.ts';
import { OpsServer, type OpsServerOptions } from './ops-server.ts';
import { Readiness } from './readiness.ts';
import { createMemoryLogDestination } from './testing/memory-log.ts';

async function startServer(options: Partial<OpsServerOptions> = {}) {
  const metrics = new MetricsRegistry();
  const readiness = new Readiness({ checkTimeoutMs: 200 });
  const server = new OpsServer({
    logger: createLogger({ name: `ops-${randomUUID()}`, destination: createMemoryLogDestination() }),
    metrics,
    readiness,
    ...options,
  });
  const address = await server.start();
  onTestFinished(() => server.stop());
  return { server, address, metrics, readiness };
}

describe('OpsServer', () => {
  it('binds 127.0.0.1 on a free port by default and reports it', async () => {
    const { address, server } = await startServer();
    expect(address.host).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    expect(address.url).toBe(`http://127.0.0.1:${address.port}`);
    expect(server.address).toEqual(address);
  });

  it('answers /healthz with 200 while the process runs', async () => {
    const { address } = await startServer();
    const response = await fetch(`${address.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers /readyz with 200 when every check passes and 503 naming the failing one otherwise', async () => {
    const { address, readiness } = await startServer();
    readiness.add('lifecycle', () => true);
    const ready = await fetch(`${address.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', failing: [], checks: [{ name: 'lifecycle', ready: true }] });

    const removeConsumer = readiness.add('kafka-consumer', () => ({ ready: false, reason: 'group rebalancing' }));
    const notReady = await fetch(`${address.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      status: 'not ready',
      failing: ['kafka-consumer'],
      checks: [
        { name: 'lifecycle', ready: true },
        { name: 'kafka-consumer', ready: false, reason: 'group rebalancing' },
      ],
    });

    removeConsumer();
    expect((await fetch(`${address.url}/readyz`)).status).toBe(200);
  });

  it('serves /metrics in the Prometheus text format', async () => {
    const { address, metrics } = await startServer();
    metrics.counter({ name: 'vigia_records_total', help: 'Records.', labelNames: ['topic'] }).inc({ topic: 'vigia.events.v1' }, 3);
    const response = await fetch(`${address.url}/metrics?name[]=ignored`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await response.text()).toContain('vigia_records_total{topic="vigia.events.v1"} 3\n');
  });

  it('answers HEAD without a body, 404 for unknown paths and 405 for other methods', async () => {
    const { address } = await startServer();
    const head = await fetch(`${address.url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(`${address.url}/nope`)).status).toBe(404);
    const post = await fetch(`${address.url}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('fails with VIGIA_OPS_LISTEN_FAILED when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const server = new OpsServer({
      logger: createLogger({ name: 'ops', destination: createMemoryLogDestination() }),
      metrics: new MetricsRegistry(),
      readiness: new Readiness(),
      port,
    });
    await expect(server.start()).rejects.toMatchObject({ code: 'VIGIA_OPS_LISTEN_FAILED', port, host: '127.0.0.1' });
  });

  it('stops accepting connections on stop(), even with a kept-alive client, and stops twice safely', async () => {
    const { address, server } = await startServer();
    expect((await fetch(`${address.url}/healthz`)).status).toBe(200);
    await server.stop();
    await server.stop();
    await expect(fetch(`${address.url}/healthz`)).rejects.toThrow();
  });
});
