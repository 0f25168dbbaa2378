import { parseApiKeyFields, type ApiKeyEntry as KeyEntry } from '@vigia/service-kit';
import { IngestError } from '../ingest-errors.ts';

export { findApiKey, hashApiKey, presentedApiKey } from '@vigia/service-kit';

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
export type ApiKeyEntry = KeyEntry<ApiKeyRole>;

/**
 * Parses one `id:role:sha256hex` entry of `VIGIA_INGEST_API_KEYS`. Throws
 * `VIGIA_INGEST_API_KEY_INVALID` saying what to fix; the message never
 * contains the entry (it could be a key pasted by mistake).
 */
export function parseApiKeyEntry(text: string): ApiKeyEntry {
  const parsed = parseApiKeyFields(text, apiKeyRoles);
  if (parsed.ok) return parsed.entry;
  throw new IngestError('VIGIA_INGEST_API_KEY_INVALID', `${parsed.problem}; write each key as id:role:sha256hex (role publisher, editor or admin)`);
}

/** Whether a role may do an action. */
export function roleAllows(role: ApiKeyRole, action: 'submit' | 'read-stats'): boolean {
  return action === 'submit' || role === 'admin';
}
