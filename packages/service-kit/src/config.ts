import type { z } from 'zod';
import { ConfigError, describeConfigIssues } from './config-error.ts';

/** The process environment, or any object shaped like it (tests pass literals). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses the environment once, at start, with the service's zod schema — the
 * single source of truth for its configuration and its `Config` type
 * (`type Config = z.output<typeof schema>`).
 *
 * A blank variable (`FOO=` or only spaces) counts as unset, so it takes the
 * schema's default: deployment tools often write empty values for "not
 * configured". Unknown variables are ignored.
 *
 * @throws {ConfigError} `VIGIA_CONFIG_INVALID`, listing every bad variable,
 *   what is wrong and how to fix it; secrets are never echoed.
 */
export function loadConfig<Schema extends z.ZodType<unknown, Record<string, unknown>>>(schema: Schema, env: Env): Readonly<z.output<Schema>> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') present[name] = value;
  }
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(describeConfigIssues(result.error.issues, present, schema));
  }
  const config = result.data;
  return typeof config === 'object' && config !== null ? Object.freeze(config) : config;
}
