import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loggablePath } from '@vigia/service-kit';
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

const indicatorColumns = ['region', 'level', 'metric', 'window', 'asOf', 'value', 'previousValue', 'correction', 'contributingEvents'] as const;

/**
 * The aggregator's query API, JSON by default and CSV for analysts
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
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err, path: loggablePath(req.url) }, 'query failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', 'http://query.invalid');
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      sendJson(res, 405, { error: `method ${req.method} not allowed` });
      return;
    }
    const params = Object.fromEntries([...requestUrl.searchParams].filter(([name]) => name !== 'format'));
    const csv = requestUrl.searchParams.get('format') === 'csv' || (req.headers.accept ?? '').includes('text/csv');
    switch (requestUrl.pathname) {
      case '/v1/indicators': {
        const query = parse(indicatorsQuerySchema, params, res);
        if (query === undefined) return;
        await view.refresh();
        const values = view.list(query);
        if (query.region !== undefined && query.metric !== undefined && query.window !== undefined && values.length === 0) {
          sendJson(res, 404, { error: 'no data', region: query.region, metric: query.metric, window: query.window });
          return;
        }
        if (csv) sendCsv(res, toCsv(indicatorColumns, values.map((value) => indicatorColumns.map((column) => value[column]))));
        else sendJson(res, 200, { indicators: values });
        return;
      }
      case '/v1/series': {
        const query = parse(seriesQuerySchema, params, res);
        if (query === undefined) return;
        await view.refresh();
        const points = view.series({
          region: query.region,
          metric: query.metric,
          ...(query.from === undefined ? {} : { from: query.from }),
          ...(query.to === undefined ? {} : { to: query.to }),
          ...(query.fillGaps === undefined ? {} : { fillGaps: query.fillGaps }),
        });
        if (csv) sendCsv(res, toCsv(['region', 'metric', 'day', 'value', 'eventCount'], points.map((p) => [query.region, query.metric, p.day, p.value, p.eventCount])));
        else sendJson(res, 200, { region: query.region, metric: query.metric, source: 'changelog', points });
        return;
      }
      default:
        sendJson(res, 404, { error: 'not found', paths: ['/v1/indicators', '/v1/series'] });
    }
  }

  return {
    name: 'aggregator-query',
    get url() {
      return url;
    },
    async start() {
      const { host = '127.0.0.1', port = 0 } = options;
      await new Promise<void>((resolve, reject) => {
        const onError = (cause: Error) =>
          reject(new AggregatorError('VIGIA_AGGREGATOR_STATE_INVALID', `query server cannot listen on ${host}:${port}: ${cause.message}`, { cause, context: { host, port } }));
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          resolve();
        });
      });
      const bound = server.address() as AddressInfo;
      url = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
      log.info({ url }, 'query API listening');
    },
    async stop() {
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

/** Validates query parameters; answers 400 naming each field and why, and returns `undefined`, when they are wrong. */
function parse<Schema extends z.ZodType>(schema: Schema, params: Record<string, string>, res: ServerResponse): z.output<Schema> | undefined {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
  sendJson(res, 400, { error: 'invalid query', code: 'VIGIA_AGGREGATOR_QUERY_INVALID', issues });
  return undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function sendCsv(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}
