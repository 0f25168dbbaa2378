import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ServiceKitError } from './errors.ts';
import { listenHttp, type HttpAddress } from './http/listen.ts';
import { loggablePath } from './loggable-path.ts';
import type { MetricsRegistry } from './metrics.ts';
import type { Readiness } from './readiness.ts';

export interface OpsServerOptions {
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  readonly readiness: Readiness;
  /** Default `127.0.0.1`: ops endpoints are not for the internet. Use `0.0.0.0` in a container. */
  readonly host?: string;
  /** Default 0: the OS picks a free port, which `start()` returns. */
  readonly port?: number;
}

export type OpsServerAddress = HttpAddress;

const paths = ['/healthz', '/readyz', '/metrics'];

/**
 * The operations endpoints of a service, on their own port (Fastify, like
 * every HTTP surface of Vigía):
 *
 * - `GET /healthz` — liveness: 200 while the process can answer at all.
 *   It checks no dependency, so a broker outage never gets pods restarted.
 * - `GET /readyz` — readiness: 200 when every check in `readiness` passes,
 *   else 503; the JSON body names the failing checks and why.
 * - `GET /metrics` — Prometheus text exposition of `metrics`.
 *
 * It is a lifecycle component (`name`, `start`, `stop`): add it first so
 * that it answers during start-up and is closed last.
 */
export class OpsServer {
  readonly name = 'ops-server';
  readonly #options: OpsServerOptions;
  readonly #log: Logger;
  readonly #server: FastifyInstance;
  #address: OpsServerAddress | undefined;

  constructor(options: OpsServerOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: this.name });
    this.#server = createOpsApp(options, this.#log);
  }

  /** The bound address; `undefined` until `start()` resolves. */
  get address(): OpsServerAddress | undefined {
    return this.#address;
  }

  async start(): Promise<OpsServerAddress> {
    const { host = '127.0.0.1', port = 0 } = this.#options;
    try {
      this.#address = await listenHttp(this.#server, host, port);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new ServiceKitError('VIGIA_OPS_LISTEN_FAILED', `ops server cannot listen on ${host}:${port}: ${message}`, { cause, context: { host, port } });
    }
    this.#log.info({ url: this.#address.url }, 'ops server listening');
    return this.#address;
  }

  /** Stops accepting connections and waits for requests in flight. */
  async stop(): Promise<void> {
    if (!this.#server.server.listening) return;
    await this.#server.close();
    this.#log.info('ops server closed');
  }
}

/**
 * The ops routes on a Fastify instance of their own. Scrapers keep
 * connections alive, so closing drops idle ones rather than waiting for them.
 */
function createOpsApp(options: OpsServerOptions, log: Logger): FastifyInstance {
  const server = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // A scrape every few seconds would drown the log.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: 'idle',
    // The ops surface answers GET and HEAD only; a HEAD route is derived from each GET.
    exposeHeadRoutes: true,
  });
  server.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  server.get('/healthz', async () => ({ status: 'ok' }));
  server.get('/readyz', async (_request, reply) => {
    const report = await options.readiness.run();
    const failing = report.checks.filter((check) => !check.ready).map((check) => check.name);
    return reply.code(report.ready ? 200 : 503).send({ status: report.ready ? 'ready' : 'not ready', failing, checks: report.checks });
  });
  server.get('/metrics', async (_request, reply) => {
    const { contentType, text } = await options.metrics.exposition();
    return reply.type(contentType).send(text);
  });
  server.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && paths.includes(request.url.split('?', 1)[0] ?? '')) {
      return reply
        .code(405)
        .header('allow', 'GET, HEAD')
        .send({ error: `method ${request.method} not allowed` });
    }
    return reply.code(404).send({ error: 'not found', paths });
  });
  server.setErrorHandler((err, request, reply) => {
    log.error({ err, path: loggablePath(request.url) }, 'ops request failed');
    return reply.code(500).send({ error: 'internal error' });
  });
  return server;
}
