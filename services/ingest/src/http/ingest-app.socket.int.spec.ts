/**
 * The ingest API over a real socket: streamed (chunked) bodies, limits seen by
 * the client before it finished sending, start/stop as a lifecycle component.
 */
import { Readiness } from '@vigia/service-kit';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createIngestApp } from './ingest-app.ts';
import { hashApiKey, parseApiKeyEntry } from './api-keys.ts';
import { defaultIngestLimits } from '../config.ts';
import { openEmbeddedBus, publisherKey, readTopic, silentLogger } from '../testing/ingest-harness.ts';
import { randomUUID } from 'node:crypto';

async function startApp(limits: Partial<typeof defaultIngestLimits> = {}) {
  const bus = await openEmbeddedBus();
  const readiness = new Readiness();
  const app = createIngestApp({
    bus,
    logger: silentLogger,
    readiness,
    config: {
      ...defaultIngestLimits,
      ...limits,
      apiKeys: [parseApiKeyEntry(`dirandro:publisher:${hashApiKey(publisherKey)}`)],
      namespace: randomUUID(),
    },
  });
  onTestFinished(() => app.stop());
  const address = await app.start();
  return { app, bus, address, readiness };
}

/** A body sent in chunks, without Content-Length. */
function chunked(texts: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const parts = [...texts];
  return new ReadableStream({
    pull(controller) {
      const next = parts.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
  });
}

function post(url: string, body: RequestInit['body'], contentType: string): Promise<Response> {
  return fetch(`${url}/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${publisherKey}` },
    body,
    duplex: 'half',
  } as RequestInit);
}

describe('ingest API over a socket', () => {
  it('creates its topics on start, reports ready, and takes a chunked NDJSON stream', async () => {
    const { app, bus, address, readiness } = await startApp();
    expect(await bus.admin.listTopics()).toEqual(expect.arrayContaining([app.core.rawTopic, app.core.dlqTopic]));
    expect((await readiness.run()).ready).toBe(true);

    const lines = Array.from({ length: 50 }, (_, i) => `{"eventId":"s-${i}","notes":"${'n'.repeat(i)}"}\n`);
    // Cut lines in the middle so records span chunks.
    const parts = lines.join('').match(/[\s\S]{1,37}/g) ?? [];
    const response = await post(address.url, chunked(parts), 'application/x-ndjson');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ accepted: 50, rejected: 0 });
    expect((await readTopic(bus, app.core.rawTopic)).map((r) => r.key).sort()).toEqual(lines.map((_, i) => `s-${i}`).sort());
  });

  it('tells a client streaming too much 413 and appends nothing', async () => {
    const { app, bus, address } = await startApp({ maxBodyBytes: 4096 });
    const parts = Array.from({ length: 40 }, (_, i) => `{"eventId":"big-${i}","notes":"${'x'.repeat(200)}"}\n`);
    const response = await post(address.url, chunked(parts), 'application/x-ndjson');
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'body_too_large', limitBytes: 4096 });
    expect(await readTopic(bus, app.core.rawTopic)).toEqual([]);
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const { address } = await startApp({ maxBodyBytes: 1024 });
    const response = await post(address.url, 'x'.repeat(2048), 'application/json');
    expect(response.status).toBe(413);
  });

  it('stops listening on stop()', async () => {
    const { app, address } = await startApp();
    await app.stop();
    await expect(fetch(`${address.url}/v1/stats`)).rejects.toThrow();
  });
});
