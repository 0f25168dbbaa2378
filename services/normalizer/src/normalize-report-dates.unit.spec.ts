import { describe, expect, it } from 'vitest';
import { compileNormalizeOptions, normalizeReport, type NormalizeOutcome } from './normalize-report.ts';
import { NormalizerError } from './normalizer-errors.ts';
import { ambushReport, csvEnvelope, jsonEnvelope } from './testing/raw-reports.ts';

function reasonOf(outcome: NormalizeOutcome): string {
  return outcome.ok ? 'accepted' : outcome.reason;
}

const key = 'ce-vraem-2024-045';

describe('events dated after their report', () => {
  // ambushReport is reported at 2024-03-15T09:30:00-05:00 and received at 2024-03-15T14:31:07.250Z.
  it('accepts an event dated up to a day after its reportedAt, by default', () => {
    expect(reasonOf(normalizeReport(jsonEnvelope(ambushReport({ occurredAt: '2024-03-16' })), key))).toBe('accepted');
    expect(reasonOf(normalizeReport(jsonEnvelope(ambushReport({ occurredAt: '2024-03-17' })), key))).toBe('DATE_IN_FUTURE');
  });

  it('judges against the report time, not the later receive time', () => {
    const late = jsonEnvelope(ambushReport({ occurredAt: '2024-03-17', reportedAt: '2024-03-10T09:00:00-05:00' }));
    expect(reasonOf(normalizeReport(late, key))).toBe('DATE_IN_FUTURE');
  });

  it('falls back to the receive time when the report has no reportedAt', () => {
    const report = ambushReport({ occurredAt: '2024-03-16', reportedAt: undefined });
    expect(reasonOf(normalizeReport(jsonEnvelope(report), key))).toBe('accepted');
    expect(reasonOf(normalizeReport(jsonEnvelope({ ...report, occurredAt: '2024-03-17' }), key))).toBe('DATE_IN_FUTURE');
  });

  it('takes the tolerance from the options', () => {
    const strict = compileNormalizeOptions({ futureToleranceMs: 0 });
    const week = compileNormalizeOptions({ futureToleranceMs: 7 * 86_400_000 });
    const tomorrow = jsonEnvelope(ambushReport({ occurredAt: '2024-03-16' }));
    expect(reasonOf(normalizeReport(tomorrow, key, strict))).toBe('DATE_IN_FUTURE');
    const nextWeek = jsonEnvelope(ambushReport({ occurredAt: '2024-03-22' }));
    expect(reasonOf(normalizeReport(nextWeek, key, week))).toBe('accepted');
    expect(reasonOf(normalizeReport(nextWeek, key))).toBe('DATE_IN_FUTURE');
  });

  it('refuses a tolerance out of range when the options are compiled', () => {
    for (const futureToleranceMs of [-1, 0.5, Number.NaN, 32 * 86_400_000]) {
      expect(() => compileNormalizeOptions({ futureToleranceMs }), String(futureToleranceMs)).toThrow(NormalizerError);
    }
    expect(compileNormalizeOptions()).toEqual({ futureToleranceMs: 86_400_000 });
  });

  it('keeps malformed dates DATE_INVALID, and gives DATE_INVALID precedence', () => {
    expect(reasonOf(normalizeReport(jsonEnvelope(ambushReport({ occurredAt: '2023-02-29' })), key))).toBe('DATE_INVALID');
    const both = jsonEnvelope(ambushReport({ occurredAt: '2042-01-01', reportedAt: 'mañana' }));
    const outcome = normalizeReport(both, key);
    expect(reasonOf(outcome)).toBe('DATE_INVALID');
    expect(!outcome.ok && outcome.issues.map((issue) => issue.path)).toEqual(['record.value.reportedAt', 'record.value.occurredAt']);
  });
});

describe('survey years', () => {
  const survey = { kind: 'survey', event_id: 'devida-2024-vraem', zone: 'VRAEM', hectares: '27000', edition: 'DEVIDA 2024' };

  it('accepts a survey reported in a later year, or in its own year', () => {
    const published = { ...survey, year: '2024', reported_at: '2024-03-15T09:00:00-05:00' };
    expect(reasonOf(normalizeReport(csvEnvelope(published), 'devida-2024-vraem'))).toBe('accepted');
    const lastYear = { ...survey, year: '2023', event_id: 'devida-2023-vraem' };
    expect(reasonOf(normalizeReport(csvEnvelope(lastYear), 'devida-2023-vraem'))).toBe('accepted');
  });

  it('refuses a survey year after the year of the report', () => {
    const early = { ...survey, year: '2024', reported_at: '2023-12-31T20:00:00-05:00' };
    const outcome = normalizeReport(csvEnvelope(early), 'devida-2024-vraem');
    expect(outcome).toMatchObject({ ok: false, reason: 'DATE_IN_FUTURE', issues: [{ path: 'record.columns.year' }] });
  });
});
