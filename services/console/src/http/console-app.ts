import { findApiKey, presentedApiKey } from '@vigia/service-kit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ActionLog } from '../actions/action-log.ts';
import type { AlertFeed } from '../alerts/alert-feed.ts';
import type { EvidenceEvent } from '../alerts/event-lookup.ts';
import type { IndicatorSource } from '../indicators/indicator-source.ts';
import { registerAlertRoutes } from './alert-routes.ts';
import { registerInfoRoutes } from './info-routes.ts';
import { roleAllows, type ConsoleAction, type ConsoleApiKey } from './roles.ts';
import { registerSilenceRoutes } from './silence-routes.ts';
import { registerWebRoutes, type WebAssets } from './web-routes.ts';

export interface ConsoleAppOptions {
  readonly logger: Logger;
  readonly feed: AlertFeed;
  readonly actions: ActionLog;
  readonly indicators: IndicatorSource | undefined;
  readonly events: (eventIds: readonly string[]) => Promise<EvidenceEvent[]>;
  readonly apiKeys: readonly ConsoleApiKey[];
  /** The built web page; `undefined` serves the API alone. */
  readonly web?: WebAssets;
  readonly heartbeatMs?: number;
}

/** Checks the API key and role of a request; what each route's `onRequest` calls. */
export type Authorize = (action: ConsoleAction) => (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    consoleKey: ConsoleApiKey | null;
  }
}

/**
 * The console's HTTP API on Fastify. Every `/v1` route needs an API key
 * (`Authorization: Bearer`, `X-Api-Key`, or `?access_token=` for EventSource,
 * which cannot send headers): none or an unknown one is 401; a viewer's key
 * acting is 403.
 */
export function createConsoleApp(options: ConsoleAppOptions): { server: FastifyInstance; endStreams: () => void } {
  const log = options.logger;
  const server = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Request lines would carry ?access_token=; the routes log what matters.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
    bodyLimit: 64 * 1024,
  });
  server.decorateRequest('consoleKey', null);

  const authorize: Authorize = (action) => async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const presented = presentedApiKey(request.headers) ?? (typeof query['access_token'] === 'string' ? query['access_token'] : undefined);
    if (presented === undefined) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'an API key is required: send Authorization: Bearer <key> or X-Api-Key: <key>' });
    }
    const entry = findApiKey(options.apiKeys, presented);
    if (entry === undefined) {
      log.warn({ path: request.url.split('?', 1)[0] }, 'request with an unknown API key refused');
      return reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ error: 'unauthorized', message: 'the API key is not valid' });
    }
    if (!roleAllows(entry.role, action)) {
      return reply
        .code(403)
        .send({ error: 'forbidden', message: `the API key ${entry.id} (role ${entry.role}) may read but not acknowledge or silence; an operator key may` });
    }
    request.consoleKey = entry;
    return undefined;
  };

  const streams = new Set<() => void>();
  registerAlertRoutes(server, {
    feed: options.feed,
    actions: options.actions,
    events: options.events,
    authorize,
    streams,
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  registerSilenceRoutes(server, { actions: options.actions, authorize });
  registerInfoRoutes(server, { indicators: options.indicators, authorize });
  if (options.web !== undefined) registerWebRoutes(server, options.web);

  server.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?', 1)[0]}` }),
  );
  server.setErrorHandler((error: { statusCode?: number; message?: string; code?: string }, request, reply) => {
    const statusCode = error.statusCode ?? 500;
    if (statusCode < 500) return reply.code(statusCode).send({ error: 'bad_request', message: error.message ?? 'bad request' });
    log.error({ err: error, path: request.url.split('?', 1)[0] }, 'console request failed');
    if (error.code === 'VIGIA_CONSOLE_INDICATORS_UNAVAILABLE') return reply.code(502).send({ error: 'upstream', code: error.code, message: error.message });
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });
  return {
    server,
    endStreams: () => {
      for (const end of streams) end();
      streams.clear();
    },
  };
}

/** Validation answer shared by the routes: 400 naming each field and why. */
export function invalid(reply: FastifyReply, issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): FastifyReply {
  return reply
    .code(400)
    .send({ error: 'invalid_request', issues: issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })) });
}
