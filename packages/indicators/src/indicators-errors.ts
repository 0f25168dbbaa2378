import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/** Every code `@vigia/indicators` throws. All of them are caller bugs, never bad data on a topic. */
export const indicatorsErrorCodes = ['VIGIA_INDICATORS_OPTIONS_INVALID', 'VIGIA_INDICATORS_DAY_INVALID', 'VIGIA_INDICATORS_TRANSACTION_INVALID'] as const;

export type IndicatorsErrorCode = ErrorCodeOf<typeof indicatorsErrorCodes>;

export const indicatorsErrorDescriptions: ErrorCodeDescriptions<IndicatorsErrorCode> = {
  VIGIA_INDICATORS_OPTIONS_INVALID: 'An aggregation option is out of range (retention shorter than the 365-day window, alpha outside (0, 1], …).',
  VIGIA_INDICATORS_DAY_INVALID: 'A day is not a real calendar date in YYYY-MM-DD form (validate records with @vigia/schemas first).',
  VIGIA_INDICATORS_TRANSACTION_INVALID: 'A transaction was started twice, or committed/aborted without being started, on the same state.',
};

/** A failure of the indicator core; `code` says which, context names the offending value. */
export class IndicatorsError extends VigiaError<IndicatorsErrorCode> {
  constructor(code: IndicatorsErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
