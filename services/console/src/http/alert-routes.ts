import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ActionLog } from '../actions/action-log.ts';
import type { AlertFeed, AlertTransition } from '../alerts/alert-feed.ts';
import type { EvidenceEvent } from '../alerts/event-lookup.ts';
import { alertFilterSchema, matchesFilter } from '../alerts/alert-filter.ts';
import { formatCursor, parseCursor } from '../alerts/cursor.ts';
import { invalid, type Authorize } from './console-app.ts';
import { streamTransitions } from './sse-stream.ts';

export interface AlertRoutesOptions {
  readonly feed: AlertFeed;
  readonly actions: ActionLog;
  readonly authorize: Authorize;
  /** The events behind an alert, latest revision each. */
  readonly events: (eventIds: readonly string[]) => Promise<EvidenceEvent[]>;
  /** Open streams' end functions, ended when the server stops. */
  readonly streams: Set<() => void>;
  readonly heartbeatMs?: number;
}

const listQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(1000) });
const noteSchema = z.object({ note: z.string().trim().max(2000).optional() });
const resolutionNoteSchema = z.object({ note: z.string().trim().min(1).max(10_000) });
const severityRank = { critical: 0, warning: 1, info: 2 } as const;
const stateRank = { firing: 0, pending: 1, resolved: 2 } as const;

/**
 * - `GET /v1/alerts` — latest record of each alert, filtered, firing and most
 *   severe first, with the `cursor` to stream from without a gap;
 * - `GET /v1/alerts/stream` — SSE of transitions (resumable: `Last-Event-ID` or `?cursor=`);
 * - `GET /v1/alerts/:fingerprint` — the alert and all its transitions;
 * - `GET /v1/alerts/:fingerprint/events` — the events of its evidence, as last revised;
 * - `POST /v1/alerts/:fingerprint/ack` `{ note? }` and `POST …/notes` `{ note }` (operators).
 */
export function registerAlertRoutes(server: FastifyInstance, options: AlertRoutesOptions): void {
  const { feed, actions, authorize } = options;

  server.get('/v1/alerts', { onRequest: authorize('read') }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const filter = alertFilterSchema.safeParse(query);
    const list = listQuerySchema.safeParse(query);
    if (!filter.success || !list.success) return invalid(reply, [...(filter.error?.issues ?? []), ...(list.error?.issues ?? [])]);
    const cursor = formatCursor(feed.cursor);
    const alerts = feed
      .latest()
      .filter((transition) => matchesFilter(transition.alert, filter.data))
      .sort(byUrgency)
      .slice(0, list.data.limit)
      .map(view);
    return { alerts, cursor, caughtUp: feed.isCaughtUp };
  });

  server.get('/v1/alerts/stream', { onRequest: authorize('read') }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const filter = alertFilterSchema.safeParse(query);
    if (!filter.success) return invalid(reply, filter.error.issues);
    const lastEventId = request.headers['last-event-id'];
    const given =
      (typeof lastEventId === 'string' && lastEventId !== '' ? lastEventId : undefined) ?? (typeof query['cursor'] === 'string' ? query['cursor'] : undefined);
    const cursor = given === undefined ? feed.cursor : parseCursor(given, feed.partitions);
    if (cursor === undefined)
      return invalid(reply, [
        { path: ['cursor'], message: `not a cursor of ${feed.partitions} partitions; use the cursor of GET /v1/alerts or an event id of this stream` },
      ]);
    const end = streamTransitions(feed, request, reply, cursor, filter.data, options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs });
    options.streams.add(end);
    request.raw.on('close', () => options.streams.delete(end));
    return reply;
  });

  server.get<{ Params: { fingerprint: string } }>('/v1/alerts/:fingerprint', { onRequest: authorize('read') }, async (request, reply) => {
    const latest = feed.get(request.params.fingerprint);
    if (latest === undefined) return reply.code(404).send({ error: 'not_found', message: `no alert ${request.params.fingerprint}` });
    return { ...view(latest), history: feed.history(request.params.fingerprint).map(view) };
  });

  server.get<{ Params: { fingerprint: string } }>('/v1/alerts/:fingerprint/events', { onRequest: authorize('read') }, async (request, reply) => {
    const latest = feed.get(request.params.fingerprint);
    if (latest === undefined) return reply.code(404).send({ error: 'not_found', message: `no alert ${request.params.fingerprint}` });
    return { fingerprint: latest.alert.fingerprint, events: await options.events(latest.alert.evidence.eventIds) };
  });

  server.post<{ Params: { fingerprint: string } }>('/v1/alerts/:fingerprint/ack', { onRequest: authorize('act') }, async (request, reply) => {
    const body = noteSchema.safeParse(request.body ?? {});
    if (!body.success) return invalid(reply, body.error.issues);
    const { fingerprint } = request.params;
    if (feed.get(fingerprint) === undefined) return reply.code(404).send({ error: 'not_found', message: `no alert ${fingerprint}` });
    const note = body.data.note === undefined || body.data.note === '' ? {} : { comment: body.data.note };
    const action = await actions.record({ type: 'alert.acknowledged', by: request.consoleKey!.id, fingerprint, ...note });
    return reply.code(202).send({ action });
  });

  server.post<{ Params: { fingerprint: string } }>('/v1/alerts/:fingerprint/notes', { onRequest: authorize('act') }, async (request, reply) => {
    const body = resolutionNoteSchema.safeParse(request.body ?? {});
    if (!body.success) return invalid(reply, body.error.issues);
    const { fingerprint } = request.params;
    if (feed.get(fingerprint) === undefined) return reply.code(404).send({ error: 'not_found', message: `no alert ${fingerprint}` });
    const action = await actions.record({ type: 'alert.resolution-noted', by: request.consoleKey!.id, fingerprint, note: body.data.note });
    return reply.code(202).send({ action });
  });
}

function view(transition: AlertTransition) {
  return { change: transition.change, alert: transition.alert };
}

function byUrgency(a: AlertTransition, b: AlertTransition): number {
  return (
    stateRank[a.alert.state] - stateRank[b.alert.state] ||
    severityRank[a.alert.severity] - severityRank[b.alert.severity] ||
    b.alert.updatedAt.localeCompare(a.alert.updatedAt)
  );
}
