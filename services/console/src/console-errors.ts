import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/** Every code the console throws. Bad requests are answers (4xx with the field and reason), not errors. */
export const consoleErrorCodes = [
  'VIGIA_CONSOLE_API_KEY_INVALID',
  'VIGIA_CONSOLE_LISTEN_FAILED',
  'VIGIA_CONSOLE_STATE_INVALID',
  'VIGIA_CONSOLE_INDICATORS_UNAVAILABLE',
] as const;
export type ConsoleErrorCode = ErrorCodeOf<typeof consoleErrorCodes>;

export const consoleErrorDescriptions: ErrorCodeDescriptions<ConsoleErrorCode> = {
  VIGIA_CONSOLE_API_KEY_INVALID:
    'An entry of VIGIA_CONSOLE_API_KEYS is not id:role:sha256hex with role viewer or operator; hash a key with printf %s "$KEY" | sha256sum.',
  VIGIA_CONSOLE_LISTEN_FAILED: 'The console could not bind its address (port in use, permission denied…); choose another VIGIA_CONSOLE_PORT.',
  VIGIA_CONSOLE_STATE_INVALID: 'The console was used in a state that does not allow it (e.g. started twice).',
  VIGIA_CONSOLE_INDICATORS_UNAVAILABLE:
    'The indicator source (the aggregator query API at VIGIA_CONSOLE_QUERY_URL) did not answer or answered an error; the console answers 502.',
};

export class ConsoleError extends VigiaError<ConsoleErrorCode> {
  constructor(code: ConsoleErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
