import { createHash, timingSafeEqual } from 'node:crypto';
import { identifierSchema } from '@vigia/schemas';

/**
 * API keys shared by every HTTP service (ingest: publisher/admin; console:
 * viewer/operator). A configured key is `id:role:sha256hex`: the id names who
 * acted, the role what they may do, and only the SHA-256 of the key is
 * stored — the key itself is never kept or logged.
 */
export interface ApiKeyEntry<Role extends string = string> {
  readonly id: string;
  readonly role: Role;
  /** SHA-256 of the key's UTF-8 bytes (32 bytes). */
  readonly sha256: Buffer;
}

export type ParsedApiKeyEntry<Role extends string> =
  | { readonly ok: true; readonly entry: ApiKeyEntry<Role> }
  | { readonly ok: false; readonly problem: string };

const entryPattern = /^([^:]+):([^:]+):([0-9a-fA-F]{64})$/;

/**
 * Parses one `id:role:sha256hex` entry. The problem never quotes the whole
 * entry (it could be a key pasted by mistake); the caller wraps it in its own
 * error code and says how to write a key.
 */
export function parseApiKeyFields<Role extends string>(text: string, roles: readonly Role[]): ParsedApiKeyEntry<Role> {
  const match = entryPattern.exec(text.trim());
  if (match === null) return { ok: false, problem: 'not id:role:sha256hex with 64 hex digits (hash a key with: printf %s "$KEY" | sha256sum)' };
  const [, id = '', role = '', hex = ''] = match;
  if (!identifierSchema.safeParse(id).success)
    return { ok: false, problem: `the id ${JSON.stringify(id)} must be letters, digits and . _ : @ / - (at most 128)` };
  if (!(roles as readonly string[]).includes(role)) return { ok: false, problem: `the role ${JSON.stringify(role)} is not ${roles.join(' or ')}` };
  return { ok: true, entry: { id, role: role as Role, sha256: Buffer.from(hex, 'hex') } };
}

/** Lowercase hex SHA-256 of a key, the form the key lists store. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The entry whose hash matches the presented key, or `undefined`. Every
 * entry is compared, in constant time, whatever matched first, so the time
 * taken says nothing about which keys exist. Comparing hashes rather than keys
 * also makes the inputs equal-length, as `timingSafeEqual` requires.
 */
export function findApiKey<Entry extends ApiKeyEntry>(entries: readonly Entry[], presented: string): Entry | undefined {
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let found: Entry | undefined;
  for (const entry of entries) {
    if (timingSafeEqual(digest, entry.sha256) && found === undefined) found = entry;
  }
  return found;
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
