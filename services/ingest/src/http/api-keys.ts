import { createHash, timingSafeEqual } from 'node:crypto';
import { identifierSchema } from '@vigia/schemas';
import { IngestError } from '../ingest-errors.ts';

/**
 * `publisher` may submit reports and revise the events it first sent;
 * `editor` may also revise other publishers' events (each such override is
 * recorded with who and when); `admin` may submit and read `/v1/stats`.
 */
export const apiKeyRoles = ['publisher', 'editor', 'admin'] as const;
export type ApiKeyRole = (typeof apiKeyRoles)[number];

/**
 * A configured API key: an id (written into every raw report as
 * `source.apiKeyId` and used as the publisher name), a role, and the SHA-256
 * of the key — the key itself is never stored or logged.
 */
export interface ApiKeyEntry {
  readonly id: string;
  readonly role: ApiKeyRole;
  /** SHA-256 of the key's UTF-8 bytes (32 bytes). */
  readonly sha256: Buffer;
}

const entryPattern = /^([^:]+):([^:]+):([0-9a-fA-F]{64})$/;

/**
 * Parses one `id:role:sha256hex` entry of `VIGIA_INGEST_API_KEYS`. Throws
 * `VIGIA_INGEST_API_KEY_INVALID` saying what to fix; the message never
 * contains the entry (it could be a key pasted by mistake).
 */
export function parseApiKeyEntry(text: string): ApiKeyEntry {
  const match = entryPattern.exec(text.trim());
  const invalid = (problem: string) =>
    new IngestError('VIGIA_INGEST_API_KEY_INVALID', `${problem}; write each key as id:role:sha256hex (role publisher, editor or admin)`);
  if (match === null) {
    throw invalid('not id:role:sha256hex with 64 hex digits (hash a key with: printf %s "$KEY" | sha256sum)');
  }
  const [, id = '', role = '', hex = ''] = match;
  if (!identifierSchema.safeParse(id).success) throw invalid(`the id ${JSON.stringify(id)} must be letters, digits and . _ : @ / - (at most 128)`);
  if (!(apiKeyRoles as readonly string[]).includes(role)) throw invalid(`the role ${JSON.stringify(role)} is not publisher, editor or admin`);
  return { id, role: role as ApiKeyRole, sha256: Buffer.from(hex, 'hex') };
}

/** Lowercase hex SHA-256 of a key, the form `VIGIA_INGEST_API_KEYS` stores. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The entry whose hash matches the presented key, or `undefined`. Every
 * entry is compared, in constant time, whatever matched first, so the time
 * taken says nothing about which keys exist. Comparing hashes rather than keys
 * also makes the inputs equal-length, as `timingSafeEqual` requires.
 */
export function findApiKey(entries: readonly ApiKeyEntry[], presented: string): ApiKeyEntry | undefined {
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let found: ApiKeyEntry | undefined;
  for (const entry of entries) {
    if (timingSafeEqual(digest, entry.sha256) && found === undefined) found = entry;
  }
  return found;
}

/** Whether a role may do an action. */
export function roleAllows(role: ApiKeyRole, action: 'submit' | 'read-stats'): boolean {
  return action === 'submit' || role === 'admin';
}

/**
 * The key a request presents: `Authorization: Bearer <key>` or `X-Api-Key:
 * <key>`. Returns `undefined` when neither is there (or empty).
 */
export function presentedApiKey(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const authorization = single(headers.authorization);
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1] !== undefined) return match[1];
  }
  const apiKey = single(headers['x-api-key'])?.trim();
  return apiKey === undefined || apiKey === '' ? undefined : apiKey;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
