import { z } from 'zod';
import { envList } from '../env-fields.ts';
import type { ApiKeyEntry } from './api-keys.ts';

/**
 * A comma-separated list of `id:role:sha256hex` keys as an environment
 * variable: each entry parsed by the service's `parse` (which knows its
 * roles), at least one, no id and no key listed twice.
 */
export function envApiKeys<Entry extends ApiKeyEntry>(parse: (text: string) => Entry) {
  const entrySchema = z.string().transform((text, ctx): Entry => {
    try {
      return parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      return z.NEVER;
    }
  });
  return envList(entrySchema).superRefine((entries, ctx) => {
    if (entries.length === 0) ctx.addIssue({ code: 'custom', message: 'list at least one key as id:role:sha256hex' });
    const ids = new Set<string>();
    const hashes = new Set<string>();
    for (const entry of entries) {
      if (ids.has(entry.id)) ctx.addIssue({ code: 'custom', message: `the key id ${JSON.stringify(entry.id)} appears twice` });
      const hash = entry.sha256.toString('hex');
      if (hashes.has(hash)) ctx.addIssue({ code: 'custom', message: `the key of ${JSON.stringify(entry.id)} is listed twice under different ids` });
      ids.add(entry.id);
      hashes.add(hash);
    }
  });
}
