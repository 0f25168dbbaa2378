import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/** Every code `@vigia/replay` throws. */
export const replayErrorCodes = ['VIGIA_REPLAY_OPTIONS_INVALID'] as const;

export type ReplayErrorCode = ErrorCodeOf<typeof replayErrorCodes>;

export const replayErrorDescriptions: ErrorCodeDescriptions<ReplayErrorCode> = {
  VIGIA_REPLAY_OPTIONS_INVALID:
    'A replay was asked for something it cannot do (a day that is not YYYY-MM-DD, --from after --to, no rule set, two rule files with one name); `field` names the option.',
};

/** A replay that cannot run as asked. */
export class ReplayError extends VigiaError<ReplayErrorCode> {
  constructor(code: ReplayErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
