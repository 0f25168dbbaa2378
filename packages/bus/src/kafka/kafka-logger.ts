/**
 * Bridges kafkajs's logger into the pino logger the bus was given, so client
 * logs land in the service's JSON stream at matching levels instead of
 * kafkajs's console logger.
 */
import type { logCreator, LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

/** kafkajs's numeric levels (`logLevel` in kafkajs; its enum is not importable under type stripping). */
export const kafkaJsLogLevels = { NOTHING: 0, ERROR: 1, WARN: 2, INFO: 4, DEBUG: 5 } as const;

export type KafkaJsLogLevel = (typeof kafkaJsLogLevels)[keyof typeof kafkaJsLogLevels];

/** The most verbose kafkajs level the pino logger would print, so kafkajs skips building the rest. */
export function kafkaJsLevelFor(logger: Logger): KafkaJsLogLevel {
  if (logger.isLevelEnabled('debug')) return kafkaJsLogLevels.DEBUG;
  if (logger.isLevelEnabled('info')) return kafkaJsLogLevels.INFO;
  if (logger.isLevelEnabled('warn')) return kafkaJsLogLevels.WARN;
  if (logger.isLevelEnabled('error')) return kafkaJsLogLevels.ERROR;
  return kafkaJsLogLevels.NOTHING;
}

/**
 * Field names never copied from a kafkajs entry. kafkajs does not log SASL or
 * TLS settings today; this keeps a future debug line from leaking them.
 */
const secretField = /pass(word)?|secret|token|sasl|ssl|credential|private.?key|^key$|^cert$|^ca$/i;

/**
 * kafkajs warns once per idempotent producer whose retries are bounded. Ours
 * are bounded on purpose (a failed producer is replaced, so a lost response
 * cannot make the broker drop a later batch as a duplicate), so that warning
 * is noise on every start; it is kept at debug.
 */
const expectedWarnings = [/^Limiting retries for the idempotent producer/];

/**
 * kafkajs logs every error response at ERROR from its connection, before
 * anyone decided whether to retry — CONCURRENT_TRANSACTIONS between two
 * back-to-back transactions, NOT_LEADER during a leader move. Whoever gives up
 * reports the failure (kafkajs after its retries, our processor loop with
 * context); the raw response is kept at debug for diagnosis.
 */
function isRawErrorResponse(namespace: string, message: string): boolean {
  return namespace === 'Connection' && message.startsWith('Response ');
}

type PinoMethod = 'error' | 'warn' | 'info' | 'debug';

function pinoMethodFor(level: number): PinoMethod {
  if (level <= kafkaJsLogLevels.ERROR) return 'error';
  if (level <= kafkaJsLogLevels.WARN) return 'warn';
  if (level <= kafkaJsLogLevels.INFO) return 'info';
  return 'debug';
}

/** The extra fields of a kafkajs entry, minus its own bookkeeping and anything secret-looking. */
export function kafkaJsContext(log: LogEntry['log']): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(log)) {
    if (name === 'message' || name === 'timestamp' || name === 'logger') continue;
    context[name] = secretField.test(name) ? '[redacted]' : value;
  }
  return context;
}

/**
 * A kafkajs `logCreator` writing to `logger`. kafkajs's fields go under a
 * `kafkajs` key (never spread at the top level, where they could overwrite
 * ours), and its namespace (Consumer, Runner, …) under `namespace`.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  const log = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log: entry }: LogEntry) => {
      let method = pinoMethodFor(level);
      if (method === 'warn' && expectedWarnings.some((pattern) => pattern.test(entry.message))) method = 'debug';
      if (method === 'error' && isRawErrorResponse(namespace, entry.message)) method = 'debug';
      const context = kafkaJsContext(entry);
      const fields = Object.keys(context).length > 0 ? { namespace, kafkajs: context } : { namespace };
      log[method](fields, entry.message);
    };
}
