import { namespacePattern } from '@vigia/schemas';
import { commonServiceEnvSchema, envApiKeys, envDurationMs, envInteger } from '@vigia/service-kit';
import { z } from 'zod';
import { parseApiKeyEntry } from './http/api-keys.ts';
import type { IngestHttpConfig } from './http/ingest-app.ts';
import { defaultIngestRateLimit, defaultIngestTimeouts } from './http/server-guards.ts';

/** Defaults of the request limits; see `IngestLimits`. */
export const defaultIngestLimits = {
  maxBodyBytes: 10 * 1024 * 1024,
  maxRecords: 10_000,
  maxRecordBytes: 256 * 1024,
} as const;

/**
 * The largest per-record limit that still fits a rejected record into a DLQ
 * record under Kafka's default `message.max.bytes` (1 MB): the payload is
 * kept base64 (4/3 of its size) next to a text preview.
 */
export const maxRecordBytesCeiling = 512 * 1024;

/** The environment of the ingest service: the common service settings plus these. The bus has its own (`parseBusConfig`). */
export const ingestEnvSchema = commonServiceEnvSchema.extend({
  VIGIA_INGEST_API_KEYS: envApiKeys(parseApiKeyEntry).describe(
    'the API keys, comma-separated id:role:sha256hex (role publisher, editor or admin; the SHA-256 of the key, never the key)',
  ),
  VIGIA_INGEST_MAX_BODY_BYTES: envInteger({ min: 1024, max: 1024 ** 3, what: 'a size in bytes' })
    .default(defaultIngestLimits.maxBodyBytes)
    .describe('the largest request body accepted, in bytes (larger: HTTP 413)'),
  VIGIA_INGEST_MAX_RECORDS: envInteger({ min: 1, max: 1_000_000, what: 'a record count' })
    .default(defaultIngestLimits.maxRecords)
    .describe('the most records accepted in one request (more: HTTP 413)'),
  VIGIA_INGEST_MAX_RECORD_BYTES: envInteger({ min: 1024, max: maxRecordBytesCeiling, what: 'a size in bytes' })
    .default(defaultIngestLimits.maxRecordBytes)
    .describe('the largest single record, in bytes (larger: that record is rejected)'),
  VIGIA_INGEST_HEADERS_TIMEOUT_MS: envDurationMs({ minMs: 100, maxMs: 600_000 })
    .default(defaultIngestTimeouts.headersTimeoutMs)
    .describe('time a client has to send the request line and headers (then: HTTP 408)'),
  VIGIA_INGEST_REQUEST_TIMEOUT_MS: envDurationMs({ minMs: 100, maxMs: 3_600_000 })
    .default(defaultIngestTimeouts.requestTimeoutMs)
    .describe('time a client has to send a whole request, body included (then: HTTP 408)'),
  VIGIA_INGEST_IDLE_TIMEOUT_MS: envDurationMs({ minMs: 100, maxMs: 600_000 })
    .default(defaultIngestTimeouts.idleTimeoutMs)
    .describe('a connection with no traffic for this long is closed'),
  VIGIA_INGEST_KEEP_ALIVE_TIMEOUT_MS: envDurationMs({ minMs: 100, maxMs: 600_000 })
    .default(defaultIngestTimeouts.keepAliveTimeoutMs)
    .describe('an idle keep-alive connection is closed after this long'),
  VIGIA_INGEST_RATE_LIMIT_PER_MINUTE: envInteger({ min: 1, max: 1_000_000, what: 'a request count' })
    .default(defaultIngestRateLimit.perMinute)
    .describe('requests per minute one API key may send, sustained (more: HTTP 429 with Retry-After)'),
  VIGIA_INGEST_RATE_LIMIT_BURST: envInteger({ min: 1, max: 1_000_000, what: 'a request count' })
    .default(defaultIngestRateLimit.burst)
    .describe('requests one API key may send at once before the per-minute rate applies'),
  VIGIA_NAMESPACE: z
    .string()
    .trim()
    .regex(namespacePattern, 'expected 1-63 lower-case letters, digits or inner dashes')
    .optional()
    .describe('a topic namespace for an isolated pipeline (replays, tests); unset for the live topics'),
});

export type IngestEnv = z.output<typeof ingestEnvSchema>;

/** The HTTP app's settings from the parsed environment. */
export function ingestHttpConfigOf(env: IngestEnv): IngestHttpConfig {
  return {
    apiKeys: env.VIGIA_INGEST_API_KEYS,
    maxBodyBytes: env.VIGIA_INGEST_MAX_BODY_BYTES,
    maxRecords: env.VIGIA_INGEST_MAX_RECORDS,
    maxRecordBytes: env.VIGIA_INGEST_MAX_RECORD_BYTES,
    timeouts: {
      headersTimeoutMs: env.VIGIA_INGEST_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.VIGIA_INGEST_REQUEST_TIMEOUT_MS,
      idleTimeoutMs: env.VIGIA_INGEST_IDLE_TIMEOUT_MS,
      keepAliveTimeoutMs: env.VIGIA_INGEST_KEEP_ALIVE_TIMEOUT_MS,
    },
    rateLimit: { perMinute: env.VIGIA_INGEST_RATE_LIMIT_PER_MINUTE, burst: env.VIGIA_INGEST_RATE_LIMIT_BURST },
    host: env.VIGIA_HTTP_HOST,
    port: env.VIGIA_HTTP_PORT,
    ...(env.VIGIA_NAMESPACE === undefined ? {} : { namespace: env.VIGIA_NAMESPACE }),
  };
}
