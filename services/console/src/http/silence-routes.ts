import type { FastifyInstance } from 'fastify';
import type { ActionLog } from '../actions/action-log.ts';
import { postableSilenceSchema } from '../actions/silence-shape.ts';
import { invalid, type Authorize } from './console-app.ts';

/** A silence may start at most this far in the future (clock skew): Vigía's silences start when created. */
const startToleranceMs = 60_000;

/**
 * Silences in Alertmanager's shape:
 * - `GET /v1/silences` (`?state=active|expired`), `GET /v1/silences/:id`;
 * - `POST /v1/silences` → 201 `{ silenceID, silence }` (operators);
 * - `DELETE /v1/silences/:id` expires it now (operators).
 */
export function registerSilenceRoutes(server: FastifyInstance, options: { readonly actions: ActionLog; readonly authorize: Authorize }): void {
  const { actions, authorize } = options;

  server.get('/v1/silences', { onRequest: authorize('read') }, async (request) => {
    const state = (request.query as Record<string, unknown>)['state'];
    return { silences: actions.silences().filter((silence) => state === undefined || silence.status.state === state) };
  });

  server.get<{ Params: { id: string } }>('/v1/silences/:id', { onRequest: authorize('read') }, async (request, reply) => {
    const silence = actions.silence(request.params.id);
    return silence === undefined ? reply.code(404).send({ error: 'not_found', message: `no silence ${request.params.id}` }) : { silence };
  });

  server.post('/v1/silences', { onRequest: authorize('act') }, async (request, reply) => {
    const parsed = postableSilenceSchema.safeParse(request.body ?? {});
    if (!parsed.success) return invalid(reply, parsed.error.issues);
    const nowMs = Date.now();
    if (Date.parse(parsed.data.endsAt) <= nowMs) return invalid(reply, [{ path: ['endsAt'], message: 'must be in the future' }]);
    if (parsed.data.startsAt !== undefined && Date.parse(parsed.data.startsAt) > nowMs + startToleranceMs) {
      return invalid(reply, [{ path: ['startsAt'], message: 'silences start when created; create it at the time it should start' }]);
    }
    const silence = await actions.createSilence(request.consoleKey!.id, parsed.data);
    return reply.code(201).send({ silenceID: silence.id, silence });
  });

  server.delete<{ Params: { id: string } }>('/v1/silences/:id', { onRequest: authorize('act') }, async (request, reply) => {
    const silence = await actions.expireSilence(request.consoleKey!.id, request.params.id);
    return silence === undefined ? reply.code(404).send({ error: 'not_found', message: `no silence ${request.params.id}` }) : { silence };
  });
}
