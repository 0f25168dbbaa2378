import { VigiaError, type ErrorCodeDescriptions, type ErrorCodeOf, type VigiaErrorOptions } from '@vigia/schemas';

/**
 * Every code `@vigia/rules` throws. Loading a rule file never throws (a broken
 * file is a result with line and field); these are for callers that break the
 * engine's contract, which is a bug in the shell, not bad data from outside.
 */
export const rulesErrorCodes = ['VIGIA_RULES_TIME_INVALID', 'VIGIA_RULES_STATE_INVALID', 'VIGIA_RULES_RULESET_INVALID'] as const;

export type RulesErrorCode = ErrorCodeOf<typeof rulesErrorCodes>;

export const rulesErrorDescriptions: ErrorCodeDescriptions<RulesErrorCode> = {
  VIGIA_RULES_TIME_INVALID: 'nowStreamTime is not an RFC 3339 instant with offset (e.g. 2024-03-15T00:00:00Z); pass stream time, not a Date.',
  VIGIA_RULES_STATE_INVALID: 'A restored alert-state entry does not match alertEntrySchema (written by another version?); see issues.',
  VIGIA_RULES_RULESET_INVALID: 'createEngine got rules that loadRules would refuse (duplicate ids); build rules with loadRules.',
};

/** The engine was called in a way its contract does not allow. */
export class RulesError extends VigiaError<RulesErrorCode> {
  constructor(code: RulesErrorCode, message: string, options?: VigiaErrorOptions) {
    super(code, message, options);
  }
}
