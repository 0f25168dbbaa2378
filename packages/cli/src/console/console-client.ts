import { defaultHttpPorts } from '@vigia/service-kit';
import { CliError, usageError } from '../cli-errors.ts';

/** Where the console is and who is asking: `--url`/`VIGIA_CONSOLE_URL`, `--key`/`VIGIA_CONSOLE_KEY`. */
export interface ConsoleTarget {
  readonly url: string;
  readonly key: string;
}

export const consoleTargetHelp = `Console:
  --url <url>             the console, e.g. http://127.0.0.1:${defaultHttpPorts.console} (default: environment
                          VIGIA_CONSOLE_URL, else http://127.0.0.1:${defaultHttpPorts.console}; vigia up --follow
                          prints it)
  --key <key>             API key (default: environment VIGIA_CONSOLE_KEY); a viewer key reads,
                          an operator key also acknowledges and silences`;

export function consoleTargetOf(
  values: { readonly url?: string | undefined; readonly key?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): ConsoleTarget {
  const url = values.url ?? env.VIGIA_CONSOLE_URL ?? `http://127.0.0.1:${defaultHttpPorts.console}`;
  if (!URL.canParse(url)) throw usageError(`--url must be a URL such as http://127.0.0.1:${defaultHttpPorts.console}, not ${JSON.stringify(url)}`);
  const key = values.key ?? env.VIGIA_CONSOLE_KEY;
  if (key === undefined || key === '') throw usageError('an API key is needed: --key <key> or VIGIA_CONSOLE_KEY (vigia up --follow prints one)');
  return { url: url.replace(/\/$/, ''), key };
}

/**
 * One request to the console's API. An answer other than 2xx becomes a
 * `VIGIA_CLI_CONSOLE_FAILED` whose message is the console's own (it names the
 * field, the role, or what is missing).
 */
export async function consoleRequest<T>(target: ConsoleTarget, method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.key}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (cause) {
    throw new CliError('VIGIA_CLI_CONSOLE_FAILED', `the console at ${target.url} did not answer (${cause instanceof Error ? cause.message : String(cause)})`, {
      cause,
    });
  }
  const text = await response.text();
  const parsed = text === '' ? {} : (JSON.parse(text) as unknown);
  if (!response.ok)
    throw new CliError('VIGIA_CLI_CONSOLE_FAILED', `the console answered ${response.status}: ${describeError(parsed)}`, {
      context: { status: response.status },
    });
  return parsed as T;
}

function describeError(body: unknown): string {
  if (typeof body !== 'object' || body === null) return String(body);
  const { message, error, issues } = body as { message?: string; error?: string; issues?: { field: string; message: string }[] };
  const details = issues?.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
  return [message ?? error, details].filter((part) => part !== undefined && part !== '').join(' — ');
}

/** The options every console command takes: where, which key, help. */
export const consoleTargetOptions = { url: { type: 'string' }, key: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** String options named in `names`, as a string option spec for `parseArgs`. */
export function stringOptions<Name extends string>(names: readonly Name[]): Record<Name, { readonly type: 'string' }> {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])) as Record<Name, { readonly type: 'string' }>;
}

/** The given string options as query parameters, passed to the console unchanged: it validates and names a wrong one. */
export function queryOf(values: Readonly<Record<string, unknown>>, names: readonly string[]): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of names) {
    const value = values[name];
    if (typeof value === 'string') query.set(name, value);
  }
  return query;
}
