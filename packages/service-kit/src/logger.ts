import { hostname } from 'node:os';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './env-fields.ts';
import { pinoRedactPaths, redactedValue, redactSecrets } from './redaction.ts';

export interface CreateLoggerOptions {
  /** The service name, written as `service` on every line (e.g. `normalizer`). */
  readonly name: string;
  /** Default `info`. */
  readonly level?: LogLevel;
  /** Written as `instance` on every line. Default `hostname-pid`. */
  readonly instanceId?: string;
  /** Where JSON lines go. Default: stdout, written synchronously so a forced exit loses nothing. */
  readonly destination?: DestinationStream;
}

/**
 * The one logger of a process; only `main.ts` calls this, and everything
 * below receives the `Logger` (or a child of it).
 *
 * Lines are JSON with an ISO `time`, a `level` label, `service` and
 * `instance`. Errors go under `err` (`log.error({ err }, '…')`) and are
 * serialized with their `cause` chain and enumerable context. Secrets
 * (password, token, apiKey, authorization, cookie… at any depth, see
 * `redaction.ts`) are written as `[REDACTED]`.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const { name, level = 'info', instanceId = `${hostname()}-${process.pid}`, destination } = options;
  const loggerOptions = {
    level,
    base: { service: name, instance: instanceId },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label: string) => ({ level: label }),
      log: (object: Record<string, unknown>) => redactSecrets(object),
    },
    serializers: {
      err: (err: unknown) => redactSecrets(pino.stdSerializers.err(err as Error)),
    },
    redact: { paths: [...pinoRedactPaths], censor: redactedValue },
  };
  return pino(loggerOptions, destination ?? pino.destination({ dest: 1, sync: true }));
}
