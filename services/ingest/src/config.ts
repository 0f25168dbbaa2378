import { namespacePattern } from '@vigia/schemas';
import { commonServiceEnvSchema, envApiKeys, envInteger } from '@vigia/service-kit';
import { z } from 'zod';
import { parseApiKeyEntry } from './http/api-keys.ts';
import type { IngestHttpConfig } from './http/ingest-app.ts';

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
  VIGIA_INGEST_API_KEYS: envApiKeys(parseApiKeyEntry)
    .describe('the API keys, comma-separated id:role:sha256hex (role publisher or admin; the SHA-256 of the key, never the key)'),
  VIGIA_INGEST_MAX_BODY_BYTES: envInteger({ min: 1024, max: 1024 ** 3, what: 'a size in bytes' })
    .default(defaultIngestLimits.maxBodyBytes)
    .describe('the largest request body accepted, in bytes (larger: HTTP 413)'),
  VIGIA_INGEST_MAX_RECORDS: envInteger({ min: 1, max: 1_000_000, what: 'a record count' })
    .default(defaultIngestLimits.maxRecords)
    .describe('the most records accepted in one request (more: HTTP 413)'),
  VIGIA_INGEST_MAX_RECORD_BYTES: envInteger({ min: 1024, max: maxRecordBytesCeiling, what: 'a size in bytes' })
    .default(defaultIngestLimits.maxRecordBytes)
    .describe('the largest single record, in bytes (larger: that record is rejected)'),
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
    host: env.VIGIA_HTTP_HOST,
    port: env.VIGIA_HTTP_PORT,
    ...(env.VIGIA_NAMESPACE === undefined ? {} : { namespace: env.VIGIA_NAMESPACE }),
  };
}
