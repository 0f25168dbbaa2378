import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/** Every code the alerter throws. Bad records are never errors: they go to the DLQ. */
export const alerterErrorCodes = [
  'VIGIA_ALERTER_STATE_INVALID',
  'VIGIA_ALERTER_SCHEDULE_INVALID',
  'VIGIA_ALERTER_WEBHOOK_FAILED',
  'VIGIA_ALERTER_PARTITIONS_MISMATCH',
] as const;
export type AlerterErrorCode = ErrorCodeOf<typeof alerterErrorCodes>;

export const alerterErrorDescriptions: ErrorCodeDescriptions<AlerterErrorCode> = {
  VIGIA_ALERTER_STATE_INVALID: 'The alerter was used in a state that does not allow it (e.g. started twice).',
  VIGIA_ALERTER_SCHEDULE_INVALID: 'A cron expression of the alerter configuration does not parse; fix the variable named in the message.',
  VIGIA_ALERTER_WEBHOOK_FAILED:
    'A notification webhook answered with an error or did not answer in time; 5xx, 429 and network errors are retried with backoff. A redirect (3xx) is never followed nor retried: configure the final URL.',
  VIGIA_ALERTER_PARTITIONS_MISMATCH: 'The alerter input topics do not all have the same partition count; recreate them from the registry (all have 12).',
};

export class AlerterError extends VigiaError<AlerterErrorCode> {
  constructor(code: AlerterErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
