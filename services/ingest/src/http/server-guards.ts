/**
 * What keeps one client from holding the ingest API: socket timeouts and a
 * per-key rate limit. Node's HTTP server has no request or idle timeout by
 * default in the way fastify configures it, so a client that sends its body
 * one byte a minute would hold a connection (and its buffers) forever.
 */

/** Timeouts of the HTTP server; defaults in `defaultIngestTimeouts`. */
export interface IngestTimeouts {
  /** Time to receive the request line and headers (Node's `headersTimeout`); answered 408. */
  readonly headersTimeoutMs: number;
  /** Time to receive the whole request, body included (Node's `requestTimeout`); answered 408. */
  readonly requestTimeoutMs: number;
  /** A socket with no traffic for this long is closed (fastify's `connectionTimeout`). */
  readonly idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long (Node's `keepAliveTimeout`). */
  readonly keepAliveTimeoutMs: number;
}

/**
 * Defaults sized for a 10 MiB body over a slow field link (about 200 KB/s
 * takes under a minute) while a stalled client is dropped within two.
 */
export const defaultIngestTimeouts: IngestTimeouts = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
});

/** The fastify and `http.createServer` options that apply `timeouts`. */
export function serverTimeoutOptions(timeouts: IngestTimeouts) {
  // Node checks headers and request deadlines on a timer; check often enough
  // that a short deadline (tests, strict deployments) is kept to within a half.
  const connectionsCheckingInterval = Math.max(10, Math.min(30_000, Math.floor(Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) / 2)));
  return {
    requestTimeout: timeouts.requestTimeoutMs,
    connectionTimeout: timeouts.idleTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: {
      // Node refuses a headers timeout longer than the request timeout.
      headersTimeout: Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs),
      requestTimeout: timeouts.requestTimeoutMs,
      connectionsCheckingInterval,
    },
  };
}

/**
 * A per-key token bucket: `burst` requests at once, refilled at `perMinute`.
 * The defaults (20 a second, 120 at once) are far above what a publisher needs,
 * since one request carries up to 10,000 records; they stop a loop, not a user.
 */
export interface RateLimit {
  readonly perMinute: number;
  readonly burst: number;
}

export const defaultIngestRateLimit: RateLimit = Object.freeze({ perMinute: 1200, burst: 120 });

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * Token buckets by key id. Time comes in as a number (a monotonic clock in
 * the service, a counter in tests), so the decision is a pure function of the
 * calls. Memory is one entry per configured key: ids come from the key list,
 * never from the request.
 */
export class KeyRateLimiter {
  readonly #limit: RateLimit;
  readonly #buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(limit: RateLimit) {
    this.#limit = limit;
  }

  take(keyId: string, nowMs: number): RateDecision {
    const { perMinute, burst } = this.#limit;
    const perMs = perMinute / 60_000;
    const bucket = this.#buckets.get(keyId) ?? { tokens: burst, atMs: nowMs };
    bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, nowMs - bucket.atMs) * perMs);
    bucket.atMs = nowMs;
    this.#buckets.set(keyId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }
}
