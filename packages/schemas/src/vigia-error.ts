/**
 * The one error base class of the repository. Every domain failure is a
 * `VigiaError` with a stable, prefixed string `code` (`VIGIA_<AREA>_<WHAT>`):
 * callers branch on the code, never on the message text. Context (topic,
 * partition, offset, field…) lives in enumerable properties so that pino's
 * error serializer and `JSON.stringify` both carry it without extra work.
 *
 * Each package declares its codes once, as data:
 *
 * ```ts
 * export const busErrorCodes = ['VIGIA_BUS_TOPIC_MISSING', 'VIGIA_BUS_COMMIT_FAILED'] as const;
 * export type BusErrorCode = ErrorCodeOf<typeof busErrorCodes>;
 * throw new VigiaError<BusErrorCode>('VIGIA_BUS_TOPIC_MISSING', 'topic does not exist', {
 *   context: { topic }, cause: err,
 * });
 * ```
 */

/** `VIGIA_<AREA>_<WHAT>`: upper-case words separated by underscores, at least three of them. */
export const vigiaErrorCodePattern = /^VIGIA_[A-Z][A-Z0-9]*_[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/** The code union of a package's `as const` code list. */
export type ErrorCodeOf<Codes extends readonly string[]> = Codes[number];

/** What each code means and what to do about it: one line per code, for `docs/errors.md`. */
export type ErrorCodeDescriptions<Code extends string> = Readonly<Record<Code, string>>;

/** Values that survive `JSON.stringify` unchanged in meaning. */
export type ErrorContextValue = string | number | boolean | null | undefined | readonly ErrorContextValue[] | { readonly [key: string]: ErrorContextValue };

export type ErrorContext = Readonly<Record<string, ErrorContextValue>>;

export interface VigiaErrorOptions {
  readonly cause?: unknown;
  /**
   * Copied onto the error as enumerable properties. A key that would shadow a
   * standard field (`code`, `message`, `name`, `cause`, `stack`, `retriable`,
   * `context`) is kept under a prefixed name instead: `code` → `contextCode`.
   */
  readonly context?: ErrorContext;
  /**
   * Whether waiting and trying again can succeed. Decided where the error is
   * thrown; the retry module only reads it. Defaults to `false`.
   */
  readonly retriable?: boolean;
}

const reservedKeys = new Set(['name', 'message', 'code', 'cause', 'stack', 'retriable', 'context', 'toJSON']);

/** The JSON shape of a `VigiaError` (no stack: it is for logs and wire formats, not debugging). */
export interface SerializedError {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly retriable?: boolean;
  readonly cause?: SerializedError | string;
  readonly [context: string]: unknown;
}

export class VigiaError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly retriable: boolean;

  constructor(code: Code, message: string, options: VigiaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (!vigiaErrorCodePattern.test(code)) {
      throw new TypeError(`error code ${JSON.stringify(code)} does not match VIGIA_<AREA>_<WHAT>`);
    }
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
    for (const [key, value] of Object.entries(options.context ?? {})) {
      // Renamed rather than refused: throwing while building an error would hide the failure being reported.
      const name = reservedKeys.has(key) ? `context${key.charAt(0).toUpperCase()}${key.slice(1)}` : key;
      Object.defineProperty(this, name, { value, enumerable: true, writable: false, configurable: false });
    }
  }

  /** The context given at construction, without the standard fields. */
  get context(): ErrorContext {
    const context: Record<string, ErrorContextValue> = {};
    for (const [key, value] of Object.entries(this)) {
      if (!reservedKeys.has(key)) context[key] = value as ErrorContextValue;
    }
    return context;
  }

  toJSON(): SerializedError {
    return serializeAt(this, 0) as SerializedError;
  }
}

/** True when `error` is a `VigiaError`, optionally with one of the given codes. */
export function isVigiaError<Code extends string>(error: unknown, ...codes: readonly Code[]): error is VigiaError<Code> {
  if (!(error instanceof VigiaError)) return false;
  return codes.length === 0 || codes.includes(error.code as Code);
}

/**
 * Serializes any thrown value for logs and wire formats, following `cause`
 * chains. Foreign errors keep their name, message and string `code`.
 */
export function serializeError(error: unknown): SerializedError | string {
  return serializeAt(error, 0);
}

// A cause chain is data from elsewhere; bound it so a cycle cannot hang a logger.
const maxCauseDepth = 8;

function serializeAt(value: unknown, depth: number): SerializedError | string {
  if (!(value instanceof Error)) return safeString(value);
  const serialized: Record<string, unknown> = { name: value.name };
  const code = (value as { code?: unknown }).code;
  if (typeof code === 'string') serialized.code = code;
  serialized.message = value.message;
  if (value instanceof VigiaError) {
    serialized.retriable = value.retriable;
    Object.assign(serialized, value.context);
  }
  if (value.cause !== undefined) {
    serialized.cause = depth >= maxCauseDepth ? '[cause chain truncated]' : serializeAt(value.cause, depth + 1);
  }
  return serialized as SerializedError;
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
