/**
 * Issue 13, the ingest API under abuse, over real sockets: slow clients are
 * cut off, a key is limited to its rate, and no secret a client sends (key in
 * a header or in the query string) reaches a log line.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { createLogger, createMemoryLogDestination } from '@vigia/service-kit';
import type { Bus } from '@vigia/bus';
import type { Logger } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { defaultIngestLimits } from '../config.ts';
import { openEmbeddedBus, publisherKey, adminKey, silentLogger } from '../testing/ingest-harness.ts';
import { hashApiKey, parseApiKeyEntry } from './api-keys.ts';
import { createIngestApp, type IngestHttpConfig } from './ingest-app.ts';

async function startApp(
  config: Partial<IngestHttpConfig> = {},
  logger: Logger = silentLogger,
  clockMs?: () => number,
  now?: () => Date,
  wrapBus: (bus: Bus) => Bus = (bus) => bus,
) {
  const bus = wrapBus(await openEmbeddedBus());
  const app = createIngestApp({
    bus,
    logger,
    ...(clockMs === undefined ? {} : { clockMs }),
    ...(now === undefined ? {} : { now }),
    config: {
      ...defaultIngestLimits,
      apiKeys: [parseApiKeyEntry(`dirandro:publisher:${hashApiKey(publisherKey)}`), parseApiKeyEntry(`ops:admin:${hashApiKey(adminKey)}`)],
      namespace: randomUUID(),
      ...config,
    },
  });
  onTestFinished(() => app.stop());
  return { app, address: await app.start() };
}

/** Sends `text` on a raw connection and resolves with everything the server wrote once it closed the connection. */
function sendAndAwaitClose(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

const strictTimeouts = { headersTimeoutMs: 300, requestTimeoutMs: 600, idleTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 };

describe('ingest API timeouts (issue 13)', () => {
  it('slow body held a connection open indefinitely: a body that stops arriving is answered 408 and the connection closed', async () => {
    const { address } = await startApp({ timeouts: strictTimeouts });
    for (const authorization of [`authorization: Bearer ${publisherKey}\r\n`, '']) {
      const answer = await sendAndAwaitClose(
        address.port,
        `POST /v1/reports HTTP/1.1\r\nhost: x\r\n${authorization}content-type: application/json\r\ncontent-length: 1000\r\n\r\n{"eventId":`,
      );
      // Without a key the 401 is sent at once and the connection, its body never read, is then closed by the deadline.
      expect(answer).toMatch(authorization === '' ? /^HTTP\/1\.1 401/ : /^HTTP\/1\.1 408/);
    }
  });

  it('slow headers: a request whose headers never end is answered 408 and the connection closed', async () => {
    const { address } = await startApp({ timeouts: strictTimeouts });
    const answer = await sendAndAwaitClose(address.port, 'POST /v1/reports HTTP/1.1\r\nhost: x\r\nx-slow: ');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('an idle connection is closed', async () => {
    // The headers timeout stays longer than the idle one: a connection that sends nothing is also a request whose
    // headers have not arrived, and with equal timeouts either could fire first (a 408 instead of a quiet close).
    const { address } = await startApp({ timeouts: { ...strictTimeouts, headersTimeoutMs: 5_000, idleTimeoutMs: 300 } });
    expect(await sendAndAwaitClose(address.port, '')).toBe('');
  });
});

describe('ingest API rate limit (issue 13)', () => {
  it('answers 429 with Retry-After once a key spent its burst, per key, and lets it in again as the bucket refills', async () => {
    let nowMs = 0;
    const { app } = await startApp({ rateLimit: { perMinute: 60, burst: 2 } }, silentLogger, () => nowMs);
    const post = (key: string) =>
      app.server.inject({
        method: 'POST',
        url: '/v1/reports',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        payload: '{"eventId":"r-1"}',
      });
    expect((await post(publisherKey)).statusCode).toBe(200);
    expect((await post(publisherKey)).statusCode).toBe(200);
    const limited = await post(publisherKey);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.json()).toMatchObject({ error: 'rate_limited' });
    // Another key has its own budget.
    expect((await post(adminKey)).statusCode).toBe(200);
    nowMs += 1_000;
    expect((await post(publisherKey)).statusCode).toBe(200);
    expect((await post(publisherKey)).statusCode).toBe(429);
  });
});

describe('ingest API logs (issue 13)', () => {
  it('key in the query string logged on the 401 warning: no secret a client sends reaches any log line', async () => {
    const destination = createMemoryLogDestination();
    const logger = createLogger({ name: 'ingest', level: 'trace', destination });
    const { address } = await startApp({}, logger);
    const secrets = {
      wrongBearer: 'wrong-bearer-key-5f1e2d3c4b5a',
      wrongHeader: 'wrong-x-api-key-6a7b8c9d0e1f',
      queryKey: 'query-api-key-0a1b2c3d4e5f',
      queryToken: 'query-token-9f8e7d6c5b4a',
      userinfo: 'userinfo-pass-1234abcd',
    };
    const url = (path: string, query: string) => `${address.url}${path}?${query}`;
    const json = { 'content-type': 'application/json' };
    const requests: [string, RequestInit][] = [
      [url('/v1/reports', `api_key=${secrets.queryKey}`), { method: 'POST', headers: { ...json, authorization: `Bearer ${secrets.wrongBearer}` }, body: '{}' }],
      [url('/v1/reports', `api_key=${secrets.queryKey}`), { method: 'POST', headers: { ...json, 'x-api-key': secrets.wrongHeader }, body: '{}' }],
      [url('/v1/reports', `api_key=${secrets.queryKey}`), { method: 'POST', headers: json, body: '{}' }],
      [
        url('/v1/reports', `format=json&token=${secrets.queryToken}`),
        { method: 'POST', headers: { ...json, authorization: `Bearer ${publisherKey}` }, body: '{"eventId":"log-1"}' },
      ],
      [
        url('/v1/reports', `token=${secrets.queryToken}`),
        { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${publisherKey}` }, body: 'a,"b\n' },
      ],
      [url('/v1/reports', `token=${secrets.queryToken}`), { method: 'POST', headers: { 'content-type': 'image/png', 'x-api-key': publisherKey }, body: 'x' }],
      [url('/v1/stats', `api_key=${secrets.queryKey}`), { headers: { authorization: `Bearer ${publisherKey}` } }],
      [url('/v1/stats', `api_key=${secrets.queryKey}`), { headers: { 'x-api-key': adminKey } }],
      [url('/v1/nowhere', `api_key=${secrets.queryKey}`), { headers: { authorization: `Bearer ${publisherKey}` } }],
    ];
    const statuses: number[] = [];
    for (const [target, init] of requests) statuses.push((await fetch(target, init)).status);
    // A raw request with userinfo in its target (absolute form, as a careless proxy forwards it) and a wrong key, which is logged.
    const raw = await sendAndAwaitClose(
      address.port,
      `GET http://ops:${secrets.userinfo}@127.0.0.1/v1/stats?api_key=${secrets.queryKey} HTTP/1.1\r\nhost: x\r\nx-api-key: ${secrets.wrongHeader}\r\nconnection: close\r\n\r\n`,
    );
    expect(raw).toMatch(/^HTTP\/1\.1 401/);
    expect(statuses).toEqual([401, 401, 401, 200, 400, 415, 403, 200, 404]);

    const text = destination.text();
    const refusals = destination.records().filter((line) => line.msg === 'request with an unknown API key refused');
    expect(refusals.map((line) => line['path'])).toEqual(['/v1/reports', '/v1/reports', '/v1/stats']);
    for (const secret of [...Object.values(secrets), publisherKey, adminKey]) expect(text).not.toContain(secret);
  });
});

describe('ingest API under a heavy request (issue 13)', () => {
  const post = (url: string, body: string, contentType: string) =>
    fetch(`${url}/v1/reports`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${publisherKey}` }, body });

  it('5,000-column CSV blocked the event loop for 6.8 s: its header is refused at the column limit, before the rows are read', async () => {
    const { address } = await startApp();
    const columns = 5_000;
    const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: columns }, () => 'x').join(',');
    const body = `${header}\n${`${row}\n`.repeat(Math.ceil((2 * 1024 * 1024) / (row.length + 1)))}`;
    const response = await post(address.url, body, 'text/csv');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'body_unparseable',
      reason: 'CSV_MALFORMED',
      field: 'header',
      message: expect.stringContaining('more than 200 columns'),
    });
  });

  it('a large submission does not hold up a small one sent while it is being classified', async () => {
    // The small request is sent the moment ingest starts classifying the large
    // one (its first clock reading). What each request appends is seen at the
    // Bus: the small record must reach it before the large batch does. Before
    // issue 13 the large one was classified in one stretch, so the small one
    // waited for all of it.
    let sendSmall: (() => void) | undefined;
    const appended: string[] = [];
    const recordAppends = (bus: Bus): Bus =>
      new Proxy(bus, {
        get(target, property) {
          if (property === 'produce') {
            return (records: Parameters<Bus['produce']>[0], ...rest: unknown[]) => {
              appended.push(records.some((record) => record.key === 'small-1') ? 'small' : 'large');
              return (target.produce as (...args: unknown[]) => ReturnType<Bus['produce']>)(records, ...rest);
            };
          }
          const value: unknown = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    const clock = () => {
      const send = sendSmall;
      sendSmall = undefined;
      send?.();
      return new Date();
    };
    const { address } = await startApp({}, silentLogger, undefined, clock, recordAppends);
    let small: Promise<Response> | undefined;
    sendSmall = () => {
      small = post(address.url, '{"eventId":"small-1"}', 'application/json');
    };
    const lines = Array.from({ length: 10_000 }, (_, i) => `{"eventId":"large-${i}","notes":"${'n'.repeat(100)}"}`).join('\n');
    const large = await post(address.url, lines, 'application/x-ndjson');
    expect(await large.json()).toMatchObject({ accepted: 10_000 });
    expect((await small)?.status).toBe(200);
    expect(appended[0]).toBe('small');
  });
});
