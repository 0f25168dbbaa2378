import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AlertFeed, AlertTransition } from '../alerts/alert-feed.ts';
import { matchesFilter, type AlertFilter } from '../alerts/alert-filter.ts';
import { formatCursor, type Cursor } from '../alerts/cursor.ts';

export interface StreamOptions {
  /** Comment lines that keep proxies and browsers from closing an idle stream. Default 15 s. */
  readonly heartbeatMs?: number;
}

/**
 * Serves one Server-Sent Events stream of alert transitions from `cursor` on.
 * The backlog (`feed.since`) and the listener are set up in the same turn of
 * the event loop, so no transition falls between them; each event's id is the
 * cursor just after it, which a reconnecting EventSource sends back as
 * `Last-Event-ID`. Transitions the filter drops still move the cursor.
 * Returns a function that ends the stream (server shutdown).
 */
export function streamTransitions(
  feed: AlertFeed,
  request: FastifyRequest,
  reply: FastifyReply,
  cursor: Cursor,
  filter: AlertFilter,
  options: StreamOptions = {},
): () => void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // Reverse proxies (nginx) would otherwise buffer the stream.
    'x-accel-buffering': 'no',
  });
  const position = [...cursor];
  // Reconnect quickly: the cursor makes a reconnect cheap and exact.
  raw.write(`retry: 1000\nid: ${formatCursor(position)}\nevent: ready\ndata: {}\n\n`);
  const send = (transition: AlertTransition) => {
    position[transition.partition] = Math.max(position[transition.partition] ?? 0, transition.offset + 1);
    if (!matchesFilter(transition.alert, filter)) return;
    raw.write(`id: ${formatCursor(position)}\nevent: alert\ndata: ${JSON.stringify({ change: transition.change, alert: transition.alert })}\n\n`);
  };
  for (const transition of feed.since(cursor)) send(transition);
  const stopListening = feed.listen(send);
  const heartbeat = setInterval(() => raw.write(': keepalive\n\n'), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    stopListening();
    clearInterval(heartbeat);
    raw.end();
  };
  request.raw.on('close', end);
  return end;
}
