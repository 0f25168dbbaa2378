import { isVigiaError, vigiaErrorCodePattern } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { RulesError, rulesErrorCodes, rulesErrorDescriptions } from './rules-errors.ts';

describe('rules errors', () => {
  it('have prefixed codes, each described', () => {
    for (const code of rulesErrorCodes) {
      expect(code).toMatch(vigiaErrorCodePattern);
      expect(code.startsWith('VIGIA_RULES_')).toBe(true);
      expect(rulesErrorDescriptions[code].length).toBeGreaterThan(20);
    }
  });

  it('are VigiaErrors carrying their context', () => {
    const error = new RulesError('VIGIA_RULES_TIME_INVALID', 'bad time', { context: { nowStreamTime: 'x' } });
    expect(isVigiaError(error, 'VIGIA_RULES_TIME_INVALID')).toBe(true);
    expect(error.toJSON()).toMatchObject({ code: 'VIGIA_RULES_TIME_INVALID', nowStreamTime: 'x' });
  });
});
