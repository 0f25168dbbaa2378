import type { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { Bus } from '@vigia/bus';
import { loggablePath, type MetricsRegistry, type Readiness } from '@vigia/service-kit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { createIngestCore, type IngestCore } from '../core/ingest-core.ts';
import { createIngestMetrics, IngestStats } from '../core/ingest-metrics.ts';
import type { ProduceLimits } from '../core/produce-chunks.ts';
import { findApiKey, presentedApiKey, roleAllows, type ApiKeyEntry } from './api-keys.ts';
import { errorAnswer, type HttpAnswer } from './http-answers.ts';
import { defaultIngestRateLimit, defaultIngestTimeouts, KeyRateLimiter, serverTimeoutOptions, type IngestTimeouts, type RateLimit } from './server-guards.ts';
import { submitReports, type IngestLimits } from './submit-reports.ts';

/** Settings of the ingest HTTP API (from `ingestHttpConfigOf` in `main.ts`, or given by the all-in-one mode). */
export interface IngestHttpConfig extends IngestLimits {
  readonly apiKeys: readonly ApiKeyEntry[];
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: any free port (see `address` after `start()`). */
  readonly port?: number;
  /** Topic namespace; the live topics when absent. */
  readonly namespace?: string;
  /** Server timeouts; each missing one is its `defaultIngestTimeouts` value. */
  readonly timeouts?: Partial<IngestTimeouts>;
  /** Requests per API key; `defaultIngestRateLimit` when absent. */
  readonly rateLimit?: RateLimit;
}

export interface IngestAppOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly config: IngestHttpConfig;
  /** The process registry; counters are registered on it when given. */
  readonly metrics?: MetricsRegistry;
  /** Gets an `ingest-http` check: ready once the topics exist and the server listens. */
  readonly readiness?: Readiness;
  /** Create the raw and DLQ topics on start (default true). */
  readonly ensureTopics?: boolean;
  readonly produceLimits?: Partial<ProduceLimits>;
  readonly now?: () => Date;
  /** Monotonic milliseconds for the rate limit; `performance.now` when absent. */
  readonly clockMs?: () => number;
}

export interface IngestAppAddress {
  readonly host: string;
  readonly port: number;
  /** e.g. `http://127.0.0.1:8080` */
  readonly url: string;
}

/** The ingest HTTP API as a lifecycle component; `server.inject` serves tests without a socket. */
export interface IngestApp {
  readonly name: string;
  readonly core: IngestCore;
  readonly server: FastifyInstance;
  readonly address: IngestAppAddress | undefined;
  start(): Promise<IngestAppAddress>;
  /** Stops accepting requests and waits for those in flight (their records are acknowledged first). */
  stop(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKey: ApiKeyEntry | null;
  }
}

/**
 * Builds the ingest HTTP API:
 *
 * - `POST /v1/reports` (role publisher, editor or admin): JSON object or array,
 *   NDJSON or CSV; answers 200/207/422 with every record's outcome;
 * - `GET /v1/stats` (role admin): counts since start.
 *
 * `/healthz`, `/readyz` and `/metrics` are on the service-kit ops server.
 */
export function createIngestApp(options: IngestAppOptions): IngestApp {
  const { config } = options;
  const log = options.logger.child({ component: 'ingest-http' });
  const stats = new IngestStats(options.now?.() ?? new Date());
  const core = createIngestCore({
    bus: options.bus,
    logger: options.logger,
    stats,
    ...(config.namespace === undefined ? {} : { namespace: config.namespace }),
    ...(options.metrics === undefined ? {} : { metrics: createIngestMetrics(options.metrics) }),
    ...(options.produceLimits === undefined ? {} : { produceLimits: options.produceLimits }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const server = Fastify({
    // Typed apart from pino's Logger, but it is one; the cast only widens the instance's logger type.
    loggerInstance: log as FastifyBaseLogger,
    // We log one line per submission ourselves, without headers (they carry keys).
    logController: new LogController({ disableRequestLogging: true }),
    // Our own parsers stream the body and enforce the limit; this only bounds fastify's.
    bodyLimit: config.maxBodyBytes,
    ...serverTimeoutOptions({ ...defaultIngestTimeouts, ...config.timeouts }),
  });
  const rateLimiter = new KeyRateLimiter(config.rateLimit ?? defaultIngestRateLimit);
  const clockMs = options.clockMs ?? (() => performance.now());
  const httpMetrics = options.metrics === undefined ? undefined : registerHttpMetrics(options.metrics);
  let address: IngestAppAddress | undefined;
  let removeReadiness: (() => void) | undefined;

  server.decorateRequest('apiKey', null);
  // Bodies are read by the route as they stream in, whatever their type: the route decides what it accepts.
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const authorize = (action: 'submit' | 'read-stats') => async (request: FastifyRequest, reply: FastifyReply) => {
    const presented = presentedApiKey(request.headers);
    if (presented === undefined) {
      return send(
        reply,
        errorAnswer('unauthorized', 'an API key is required: send Authorization: Bearer <key> or X-Api-Key: <key>', {}, { 'www-authenticate': 'Bearer' }),
      );
    }
    const entry = findApiKey(config.apiKeys, presented);
    if (entry === undefined) {
      // The path only: a query string may carry a key (`?api_key=…`), and this line is about a wrong key.
      log.warn({ path: loggablePath(request.url) }, 'request with an unknown API key refused');
      return send(reply, errorAnswer('unauthorized', 'the API key is not valid', {}, { 'www-authenticate': 'Bearer error="invalid_token"' }));
    }
    if (!roleAllows(entry.role, action)) {
      return send(reply, errorAnswer('forbidden', `the API key ${entry.id} (role ${entry.role}) may not do this`));
    }
    // After authentication, so one key cannot spend another's budget; before the body is read, so a refused request costs nothing.
    const rate = rateLimiter.take(entry.id, clockMs());
    if (!rate.allowed) {
      return send(
        reply,
        errorAnswer(
          'rate_limited',
          `the API key ${entry.id} sent too many requests; retry after ${rate.retryAfterSeconds} s`,
          {},
          {
            'retry-after': String(rate.retryAfterSeconds),
          },
        ),
      );
    }
    request.apiKey = entry;
    return undefined;
  };

  server.post('/v1/reports', { onRequest: authorize('submit') }, async (request, reply) => {
    const apiKey = request.apiKey!;
    const startedMs = performance.now();
    const query = request.query as Record<string, unknown>;
    const contentLength = Number(request.headers['content-length']);
    const answer = await submitReports(
      core,
      config,
      {
        contentType: request.headers['content-type'],
        contentEncoding: request.headers['content-encoding'],
        contentLength: Number.isFinite(contentLength) ? contentLength : undefined,
        formatParam: typeof query.format === 'string' ? query.format : undefined,
        body: bodyStream(request),
        apiKey,
      },
      log,
    );
    const body = answer.body as { accepted?: number; rejected?: number; format?: string; error?: string };
    log.info(
      {
        apiKeyId: apiKey.id,
        statusCode: answer.statusCode,
        format: body.format,
        accepted: body.accepted,
        rejected: body.rejected,
        error: body.error,
        durationMs: Math.round(performance.now() - startedMs),
      },
      'reports submission answered',
    );
    return send(reply, answer);
  });

  server.get('/v1/stats', { onRequest: authorize('read-stats') }, async (_request, reply) =>
    send(reply, { statusCode: 200, body: { ...stats.snapshot(), topics: { raw: core.rawTopic, dlq: core.dlqTopic } } }),
  );

  server.setNotFoundHandler((request, reply) =>
    send(reply, errorAnswer('not_found', `no route ${request.method} ${loggablePath(request.url)}`, { routes: ['POST /v1/reports', 'GET /v1/stats'] })),
  );

  server.setErrorHandler((error: { statusCode?: number; code?: string; message?: string }, request, reply) => {
    const statusCode = error.statusCode ?? 500;
    if (statusCode < 500) {
      const code = statusCode === 415 ? 'unsupported_media_type' : statusCode === 413 ? 'body_too_large' : 'body_unparseable';
      return send(reply, { statusCode, body: { error: code, message: error.message ?? 'bad request' } });
    }
    log.error({ err: error, path: loggablePath(request.url) }, 'request failed');
    return send(reply, errorAnswer('internal', 'internal error; nothing is confirmed, send the request again later'));
  });

  server.addHook('onResponse', async (request, reply) => {
    if (httpMetrics === undefined) return;
    const route = request.routeOptions.url ?? 'unmatched';
    httpMetrics.requests.inc({ route, status: reply.statusCode });
    httpMetrics.duration.observe({ route }, reply.elapsedTime / 1000);
  });

  return {
    name: 'ingest-http',
    core,
    server,
    get address() {
      return address;
    },
    async start() {
      if (options.ensureTopics ?? true) await core.ensureTopics();
      await server.listen({ host: config.host ?? '127.0.0.1', port: config.port ?? 0 });
      const bound = server.server.address() as AddressInfo;
      const urlHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
      address = { host: bound.address, port: bound.port, url: `http://${urlHost}:${bound.port}` };
      removeReadiness = options.readiness?.add('ingest-http', () => server.server.listening);
      log.info({ url: address.url, rawTopic: core.rawTopic, dlqTopic: core.dlqTopic }, 'ingest API listening');
      return address;
    },
    async stop() {
      removeReadiness?.();
      await server.close();
    },
  };
}

function bodyStream(request: FastifyRequest): AsyncIterable<Uint8Array | string> {
  const body = request.body as Readable | undefined;
  const stream = body !== undefined && typeof body.iterator === 'function' ? body : request.raw;
  // Stopping early (a limit) must not destroy the socket, or the client never sees the 413.
  return stream.iterator({ destroyOnReturn: false });
}

function send(reply: FastifyReply, answer: HttpAnswer): FastifyReply {
  if (answer.headers !== undefined) reply.headers(answer.headers);
  return reply.code(answer.statusCode).type('application/json; charset=utf-8').send(answer.body);
}

function registerHttpMetrics(registry: MetricsRegistry) {
  return {
    requests: registry.counter({
      name: 'vigia_ingest_http_requests_total',
      help: 'HTTP requests answered by the ingest API, by route and status',
      labelNames: ['route', 'status'],
    }),
    duration: registry.histogram({
      name: 'vigia_ingest_http_request_duration_seconds',
      help: 'Time to answer an ingest API request, body and Bus acknowledgement included',
      labelNames: ['route'],
    }),
  };
}
