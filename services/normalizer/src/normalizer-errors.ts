import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/** Every code the normalizer stage throws. Bad records are never errors: they go to the DLQ. */
export const normalizerErrorCodes = ['VIGIA_NORMALIZER_PARTITIONS_MISMATCH', 'VIGIA_NORMALIZER_STATE_INVALID', 'VIGIA_NORMALIZER_OPTIONS_INVALID'] as const;
export type NormalizerErrorCode = ErrorCodeOf<typeof normalizerErrorCodes>;

export const normalizerErrorDescriptions: ErrorCodeDescriptions<NormalizerErrorCode> = {
  VIGIA_NORMALIZER_PARTITIONS_MISMATCH:
    'The raw topic, vigia.events.v1 and vigia.normalizer.state.v1 have different partition counts, so a partition of one no ' +
    'longer holds the events of the same partition of the others; recreate the topics from the registry (all have 12).',
  VIGIA_NORMALIZER_STATE_INVALID: 'The stage was used in a state that does not allow it (e.g. started twice).',
  VIGIA_NORMALIZER_OPTIONS_INVALID: 'A normalization option is out of range (the future-date tolerance is a whole number of milliseconds from 0 to 31 days).',
};

export class NormalizerError extends VigiaError<NormalizerErrorCode> {
  constructor(code: NormalizerErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
