import { parseApiKeyFields, type ApiKeyEntry } from '@vigia/service-kit';
import { ConsoleError } from '../console-errors.ts';

/** `viewer` reads alerts, silences, indicators and regions; `operator` may also acknowledge and silence. */
export const consoleRoles = ['viewer', 'operator'] as const;
export type ConsoleRole = (typeof consoleRoles)[number];
export type ConsoleApiKey = ApiKeyEntry<ConsoleRole>;

export type ConsoleAction = 'read' | 'act';

/**
 * Parses one `id:role:sha256hex` entry of `VIGIA_CONSOLE_API_KEYS`. The id is
 * who acted: it is written as `by` into every action on
 * `vigia.alert-actions.v1`.
 */
export function parseConsoleApiKey(text: string): ConsoleApiKey {
  const parsed = parseApiKeyFields(text, consoleRoles);
  if (parsed.ok) return parsed.entry;
  throw new ConsoleError('VIGIA_CONSOLE_API_KEY_INVALID', `${parsed.problem}; write each key as id:role:sha256hex (role viewer or operator)`);
}

export function roleAllows(role: ConsoleRole, action: ConsoleAction): boolean {
  return action === 'read' || role === 'operator';
}
