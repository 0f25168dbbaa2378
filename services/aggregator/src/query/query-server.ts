import { listenHttp, loggablePath } from '@vigia/service-kit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AggregatorError } from '../aggregator-errors.ts';
import { toCsv } from './csv.ts';
import type { IndicatorView } from './indicator-view.ts';
import { indicatorsQuerySchema, seriesQuerySchema } from './query-params.ts';

export interface QueryServerOptions {
  readonly view: IndicatorView;
  readonly logger: Logger;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: the OS picks a free port (see `address`). */
  readonly port?: number;
}

export interface QueryServer {
  readonly name: 'aggregator-query';
  /** The bound base URL, e.g. `http://127.0.0.1:8081`; `undefined` until started. */
  readonly url: string | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const indicatorColumns = [
  'region',
  'level',
  'metric',
  'window',
  'source',
  'year',
  'asOf',
  'value',
  'previousValue',
  'correction',
  'contributingEvents',
] as const;
const paths = ['/v1/indicators', '/v1/series'];

/**
 * The aggregator's query API (Fastify), JSON by default and CSV for analysts
 * (`Accept: text/csv` or `?format=csv`):
 *
 * - `GET /v1/indicators?region=&metric=&window=` — latest values; every
 *   parameter filters. With all three, 404 when the indicator has no data.
 * - `GET /v1/series?region=&metric=&from=&to=&fillGaps=` — the daily buckets
 *   of a base metric (value and event count per day).
 *
 * Each request first reads what was committed since the previous one, so an
 * answer includes every batch committed before it arrived.
 */
export function createQueryServer(options: QueryServerOptions): QueryServer {
  const log = options.logger.child({ component: 'aggregator-query' });
  const { view } = options;
  let url: string | undefined;
  const server = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: 'idle',
  });
  server.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  server.get('/v1/indicators', async (request, reply) => {
    const query = parse(indicatorsQuerySchema, params(request), reply);
    if (query === undefined) return reply;
    await view.refresh();
    const values = view.list(query);
    if (query.region !== undefined && query.metric !== undefined && query.window !== undefined && values.length === 0) {
      return reply.code(404).send({ error: 'no data', region: query.region, metric: query.metric, window: query.window });
    }
    if (wantsCsv(request))
      return sendCsv(
        reply,
        toCsv(
          indicatorColumns,
          values.map((value) => indicatorColumns.map((column) => value[column])),
        ),
      );
    return { indicators: values };
  });

  server.get('/v1/series', async (request, reply) => {
    const query = parse(seriesQuerySchema, params(request), reply);
    if (query === undefined) return reply;
    await view.refresh();
    const points = view.series({
      region: query.region,
      metric: query.metric,
      ...(query.source === undefined ? {} : { source: query.source }),
      ...(query.from === undefined ? {} : { from: query.from }),
      ...(query.to === undefined ? {} : { to: query.to }),
      ...(query.fillGaps === undefined ? {} : { fillGaps: query.fillGaps }),
    });
    if (wantsCsv(request)) {
      const rows = points.map((p) => [query.region, query.metric, p.source ?? '', p.day, p.value, p.eventCount]);
      return sendCsv(reply, toCsv(['region', 'metric', 'source', 'day', 'value', 'eventCount'], rows));
    }
    return { region: query.region, metric: query.metric, points };
  });

  server.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' && paths.includes(request.url.split('?', 1)[0] ?? '')) {
      return reply
        .code(405)
        .header('allow', 'GET')
        .send({ error: `method ${request.method} not allowed` });
    }
    return reply.code(404).send({ error: 'not found', paths });
  });
  server.setErrorHandler((err, request, reply) => {
    log.error({ err, path: loggablePath(request.url) }, 'query failed');
    return reply.code(500).send({ error: 'internal error' });
  });

  return {
    name: 'aggregator-query',
    get url() {
      return url;
    },
    async start() {
      const { host = '127.0.0.1', port = 0 } = options;
      try {
        url = (await listenHttp(server, host, port)).url;
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause);
        throw new AggregatorError('VIGIA_AGGREGATOR_STATE_INVALID', `query server cannot listen on ${host}:${port}: ${message}`, {
          cause,
          context: { host, port },
        });
      }
      log.info({ url }, 'query API listening');
    },
    async stop() {
      if (server.server.listening) await server.close();
    },
  };
}

/** Query parameters without `format`, which chooses the representation rather than filtering. */
function params(request: FastifyRequest): Record<string, string> {
  const query = request.query as Record<string, string | string[]>;
  return Object.fromEntries(
    Object.entries(query)
      .filter(([name]) => name !== 'format')
      .map(([name, value]) => [name, Array.isArray(value) ? (value[0] ?? '') : value]),
  );
}

function wantsCsv(request: FastifyRequest): boolean {
  return (request.query as Record<string, unknown>)['format'] === 'csv' || (request.headers.accept ?? '').includes('text/csv');
}

/** Validates query parameters; answers 400 naming each field and why, and returns `undefined`, when they are wrong. */
function parse<Schema extends z.ZodType>(schema: Schema, query: Record<string, string>, reply: FastifyReply): z.output<Schema> | undefined {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
  void reply.code(400).send({ error: 'invalid query', code: 'VIGIA_AGGREGATOR_QUERY_INVALID', issues });
  return undefined;
}

function sendCsv(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').send(text);
}
