import { vigiaErrorCodePattern } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { bodyMalformed, bodyProblemOf, ingestErrorCodes, ingestErrorDescriptions } from './ingest-errors.ts';

describe('ingest errors', () => {
  it('documents every code, and every code follows the pattern', () => {
    for (const code of ingestErrorCodes) {
      expect(code).toMatch(vigiaErrorCodePattern);
      expect(ingestErrorDescriptions[code].length).toBeGreaterThan(20);
    }
    expect(Object.keys(ingestErrorDescriptions).sort()).toEqual([...ingestErrorCodes].sort());
  });

  it('carries a body problem through the error', () => {
    const problem = { reason: 'CSV_MALFORMED', field: 'header', message: 'm', line: 1 } as const;
    expect(bodyProblemOf(bodyMalformed(problem))).toEqual(problem);
  });
});
