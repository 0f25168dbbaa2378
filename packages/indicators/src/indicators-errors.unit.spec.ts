import { describe, expect, it } from 'vitest';
import { isVigiaError, vigiaErrorCodePattern } from '@vigia/schemas';
import { createAggregationState } from './state/aggregation-state.ts';
import { indicatorsErrorCodes, indicatorsErrorDescriptions } from './indicators-errors.ts';

describe('indicators errors', () => {
  it('documents every code, each in the VIGIA_<AREA>_<WHAT> form', () => {
    expect(Object.keys(indicatorsErrorDescriptions).sort()).toEqual([...indicatorsErrorCodes].sort());
    for (const code of indicatorsErrorCodes) expect(code).toMatch(vigiaErrorCodePattern);
  });

  it.each([
    [{ dailyRetentionDays: 364 }, 'dailyRetentionDays'],
    [{ surveyRetentionYears: 0 }, 'surveyRetentionYears'],
    [{ ewmaAlpha: 0 }, 'ewmaAlpha'],
    [{ ewmaMinPeriods: 1 }, 'ewmaMinPeriods'],
  ])('refuses option %j naming it in the context', (options, option) => {
    let thrown: unknown;
    try {
      createAggregationState(options);
    } catch (error) {
      thrown = error;
    }
    expect(isVigiaError(thrown, 'VIGIA_INDICATORS_OPTIONS_INVALID')).toBe(true);
    expect(thrown).toMatchObject({ option });
  });
});
