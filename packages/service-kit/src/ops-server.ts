import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ServiceKitError } from './errors.ts';
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

export interface OpsServerAddress {
  readonly host: string;
  readonly port: number;
  /** e.g. `http://127.0.0.1:9464` */
  readonly url: string;
}

/**
 * The operations endpoints of a service, on their own port:
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
  readonly #server: Server;
  #address: OpsServerAddress | undefined;

  constructor(options: OpsServerOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: this.name });
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        this.#log.error({ err, path: req.url }, 'ops request failed');
        if (!res.headersSent) send(res, req, 500, 'application/json', JSON.stringify({ error: 'internal error' }));
        else res.destroy();
      });
    });
  }

  /** The bound address; `undefined` until `start()` resolves. */
  get address(): OpsServerAddress | undefined {
    return this.#address;
  }

  async start(): Promise<OpsServerAddress> {
    const { host = '127.0.0.1', port = 0 } = this.#options;
    await new Promise<void>((resolve, reject) => {
      const onError = (cause: Error) => {
        reject(
          new ServiceKitError('VIGIA_OPS_LISTEN_FAILED', `ops server cannot listen on ${host}:${port}: ${cause.message}`, {
            cause,
            context: { host, port },
          }),
        );
      };
      this.#server.once('error', onError);
      this.#server.listen(port, host, () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
    const bound = this.#server.address() as AddressInfo;
    const urlHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
    this.#address = { host: bound.address, port: bound.port, url: `http://${urlHost}:${bound.port}` };
    this.#log.info({ url: this.#address.url }, 'ops server listening');
    return this.#address;
  }

  /** Stops accepting connections and waits for requests in flight. */
  async stop(): Promise<void> {
    if (!this.#server.listening) return;
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      // Scrapers keep connections alive; idle ones would hold close() open.
      this.#server.closeIdleConnections();
    });
    this.#log.info('ops server closed');
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      send(res, req, 405, 'application/json', JSON.stringify({ error: `method ${req.method} not allowed` }));
      return;
    }
    switch (path) {
      case '/healthz':
        send(res, req, 200, 'application/json', JSON.stringify({ status: 'ok' }));
        return;
      case '/readyz': {
        const report = await this.#options.readiness.run();
        const failing = report.checks.filter((check) => !check.ready).map((check) => check.name);
        const body = { status: report.ready ? 'ready' : 'not ready', failing, checks: report.checks };
        send(res, req, report.ready ? 200 : 503, 'application/json', JSON.stringify(body));
        return;
      }
      case '/metrics': {
        const { contentType, text } = await this.#options.metrics.exposition();
        send(res, req, 200, contentType, text);
        return;
      }
      default:
        send(res, req, 404, 'application/json', JSON.stringify({ error: 'not found', paths: ['/healthz', '/readyz', '/metrics'] }));
    }
  }
}

function send(res: ServerResponse, req: IncomingMessage, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
