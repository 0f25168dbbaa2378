import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/** Every code the aggregator throws. Bad records are never errors: they go to the DLQ. */
export const aggregatorErrorCodes = ['VIGIA_AGGREGATOR_PARTITIONS_MISMATCH', 'VIGIA_AGGREGATOR_STATE_INVALID', 'VIGIA_AGGREGATOR_QUERY_INVALID'] as const;
export type AggregatorErrorCode = ErrorCodeOf<typeof aggregatorErrorCodes>;

export const aggregatorErrorDescriptions: ErrorCodeDescriptions<AggregatorErrorCode> = {
  VIGIA_AGGREGATOR_PARTITIONS_MISMATCH:
    'The region-partitioned topics (contributions, changelog, indicators) have different partition counts, so a region ' +
    'would not live on the same partition number in all of them; recreate them from the registry (all have 12).',
  VIGIA_AGGREGATOR_STATE_INVALID: 'The service was used in a state that does not allow it (e.g. started twice).',
  VIGIA_AGGREGATOR_QUERY_INVALID: 'A query parameter is missing or malformed (region, metric, window, from, to).',
};

export class AggregatorError extends VigiaError<AggregatorErrorCode> {
  constructor(code: AggregatorErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
