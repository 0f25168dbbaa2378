/**
 * Issue 13: webhooks followed redirects (the POST was re-sent to another
 * port), and a webhook URL with `user:pass@` was logged with its password
 * when delivery failed. Real sockets, the real logger with its redaction.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, createMemoryLogDestination } from '@vigia/service-kit';
import { describe, expect, it, onTestFinished } from 'vitest';
import { isVigiaError } from '@vigia/schemas';
import { createAlerterService } from '../alerter-service.ts';
import { defaultNotifyRetry } from './notifier.ts';
import { postWebhook, splitUserinfo } from './webhook.ts';
import { embeddedBus, indicator, publishIndicators, run, testRules, waitUntil } from '../testing/alerter-support.ts';

/** A server answering every request with `status` and `headers`; keeps the requests it saw. */
async function answering(status: number, headers: Record<string, string> = {}) {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    request.resume();
    request.on('end', () => response.writeHead(status, headers).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as AddressInfo).port, requests };
}

const clashes = indicator({ region: '0504', level: 'province', metric: 'incidents.armed-clash.count', window: '7d', value: 4, asOf: '2024-03-14' });

describe('webhook hygiene (issue 13)', () => {
  it('webhook redirect re-sent the POST to another port: a redirect is refused, not followed, not retried', async () => {
    const elsewhere = await answering(200);
    const receiver = await answering(307, { location: `http://127.0.0.1:${elsewhere.port}/stolen` });
    const alert = { fingerprint: 'f', state: 'firing' };
    const failure = await postWebhook({ url: `http://127.0.0.1:${receiver.port}/hook`, format: 'json', timeoutMs: 5_000 }, { change: 'firing', alert }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isVigiaError(failure, 'VIGIA_ALERTER_WEBHOOK_FAILED') && failure.retriable).toBe(false);
    expect(receiver.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('webhook URL password logged on failed delivery: credentials go in a header, and no log line holds them', async () => {
    const password = 'hunter2-webhook-password';
    const queryToken = 'query-token-0b1c2d3e';
    const receiver = await answering(400);
    const destination = createMemoryLogDestination();
    const logger = createLogger({ name: 'alerter', level: 'trace', destination });
    const { bus } = await embeddedBus();
    const service = createAlerterService({
      bus,
      logger,
      rulesText: testRules,
      schedules: false,
      webhooks: [{ url: `http://ops:${password}@127.0.0.1:${receiver.port}/hook?token=${queryToken}`, format: 'json', timeoutMs: 5_000 }],
      notifyRetry: { ...defaultNotifyRetry, initialDelayMs: 10, maxDelayMs: 50, retries: 2 },
    });
    await run(logger, service);
    await publishIndicators(bus, service.topics.indicators, [clashes]);
    await waitUntil(
      () => destination.records(),
      (lines) => lines.some((line) => line.msg === 'notification given up after retries'),
      'the failed delivery logged',
    );

    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`ops:${password}`).toString('base64')}`);
    expect(receiver.requests[0]?.url).toBe(`/hook?token=${queryToken}`);
    const text = destination.text();
    expect(text).not.toContain(password);
    expect(text).not.toContain(queryToken);
  });

  it('splits percent-encoded credentials and leaves a URL without them untouched', () => {
    expect(splitUserinfo('https://a%40b:p%3Ass@example.org/x?y=1')).toEqual({
      url: 'https://example.org/x?y=1',
      basicAuthorization: `Basic ${Buffer.from('a@b:p:ss').toString('base64')}`,
    });
    expect(splitUserinfo('https://example.org/x')).toEqual({ url: 'https://example.org/x' });
  });
});
