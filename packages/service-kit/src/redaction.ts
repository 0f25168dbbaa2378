/**
 * Secret redaction for log objects, at any depth.
 *
 * pino's `redact` paths need one `*.` per level (`*.password` matches only
 * one level down), and on this machine 13 keys × 4 levels of wildcard paths
 * cost ~27 µs per log line against ~1 µs for this walk, which also matches
 * keys case-insensitively and by suffix (`saslPassword`, `KAFKA_SASL_PASSWORD`,
 * `x-api-key`). pino's `redact` still runs for a fixed list of top-level paths
 * because child-logger bindings never pass through `formatters.log`.
 */

export const redactedValue = '[REDACTED]';

/** Keys (lower-cased, without `-`/`_`) that are secret wherever they appear. */
const secretKeys = new Set(['authorization', 'proxyauthorization', 'cookie', 'setcookie', 'credentials']);
/** Suffixes that make a key secret: `password`, `dbPassword`, `refresh_token`, `x-api-key`… */
const secretSuffixes = ['password', 'passwd', 'secret', 'token', 'apikey', 'privatekey', 'credential'];

/** True when a log field of this name holds a secret. */
export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return secretKeys.has(normalized) || secretSuffixes.some((suffix) => normalized.endsWith(suffix));
}

// pino stops serializing 5 levels below each top-level field (its
// `depthLimit`), so nothing deeper than this ever reaches the output.
const maxDepth = 8;

/**
 * Returns `value` with every secret field replaced by `[REDACTED]`. Only the
 * branches that change are copied, so the caller's object is never mutated
 * and an object without secrets is returned as is. Walks plain objects and
 * arrays; class instances (Errors, Dates, Buffers) are left to their own
 * serializers.
 */
export function redactSecrets<T>(value: T): T {
  return walk(value, 0, new Set()) as T;
}

/** `ancestors` breaks cycles; a shared (non-cyclic) object is walked at each place it appears. */
function walk(value: unknown, depth: number, ancestors: Set<object>): unknown {
  if (value === null || typeof value !== 'object' || depth > maxDepth || ancestors.has(value)) return value;
  ancestors.add(value);
  try {
    return Array.isArray(value) ? walkArray(value, depth, ancestors) : walkObject(value, depth, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function walkArray(value: readonly unknown[], depth: number, ancestors: Set<object>): unknown {
  let copy: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const redacted = walk(item, depth + 1, ancestors);
    if (redacted !== item) {
      copy ??= [...value];
      copy[i] = redacted;
    }
  }
  return copy ?? value;
}

function walkObject(value: object, depth: number, ancestors: Set<object>): unknown {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const field = record[key];
    const redacted = isSecretKey(key) ? (field === undefined ? field : redactedValue) : walk(field, depth + 1, ancestors);
    if (redacted !== field) {
      copy ??= { ...record };
      copy[key] = redacted;
    }
  }
  return copy ?? value;
}

/**
 * Paths for pino's own `redact`, which also covers child bindings and the
 * serialized `err`. Top-level and fixed paths only: they are cheap.
 */
export const pinoRedactPaths: readonly string[] = [
  'password',
  'secret',
  'token',
  'apiKey',
  'api_key',
  'authorization',
  'cookie',
  'sasl.password',
  'kafka.sasl.password',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'err.password',
  'err.token',
];
