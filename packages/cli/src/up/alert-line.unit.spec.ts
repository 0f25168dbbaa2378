import { describe, expect, it } from 'vitest';
import type { Alert } from '@vigia/schemas';
import { formatAlertLine, formatDuration } from './alert-line.ts';

const alert: Alert = {
  type: 'alert.updated',
  fingerprint: 'f00d',
  ruleId: 'coca-growth-yoy',
  ruleKind: 'threshold',
  severity: 'critical',
  state: 'firing',
  region: { code: 'PE', level: 'national', name: 'Perú' },
  labels: {},
  summary: 'Coca cultivation in Perú grew 22.5 % year on year',
  evidence: { indicators: [], eventIds: [] },
  startsAt: '2020-12-31T00:00:00Z',
  endsAt: null,
  updatedAt: '2026-11-24T00:00:00Z',
  silenced: false,
  acknowledged: null,
};

describe('formatAlertLine', () => {
  it('puts severity, state, region, rule and summary on one line', () => {
    expect(formatAlertLine(alert, { color: false })).toMatch(
      /^ CRITICAL +FIRING +Perú \(national\) +coca-growth-yoy +Coca cultivation in Perú grew 22\.5 % year on year$/,
    );
  });

  it('colours only on a terminal and notes silences, acknowledgements and durations', () => {
    expect(formatAlertLine(alert, { color: false })).not.toContain('\u001b[');
    expect(formatAlertLine(alert, { color: true })).toContain('\u001b[');
    const resolved = { ...alert, state: 'resolved' as const, endsAt: '2021-12-31T00:00:00Z', durationMs: 365 * 86_400_000, silenced: true };
    expect(formatAlertLine(resolved, { color: false })).toMatch(/RESOLVED .*\[silenced, after 1\.0 years\]$/);
  });
});

describe('formatAlertLine with what changed', () => {
  it('says an update is an update, not a new FIRING page', () => {
    expect(formatAlertLine(alert, { color: false, change: 'updated' })).toMatch(/^ CRITICAL +UPDATED +Perú/);
    expect(formatAlertLine(alert, { color: false, change: 'firing' })).toMatch(/^ CRITICAL +FIRING +Perú/);
  });

  it('strips terminal escape codes a publisher put into the summary', () => {
    const hostile = { ...alert, summary: '14 killed\u001b]0;pwned\u0007\u001b[2J\u001b[H at San Miguel' };
    const line = formatAlertLine(hostile, { color: false });
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(line).toContain('14 killed]0;pwned[2J[H at San Miguel');
  });
});

describe('formatDuration', () => {
  it('says event-time durations in the largest sensible unit', () => {
    expect([formatDuration(90_000), formatDuration(5 * 3_600_000), formatDuration(3 * 86_400_000)]).toEqual(['2 min', '5 h', '3 days']);
  });
});
