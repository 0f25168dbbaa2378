import { describe, expect, it } from 'vitest';
import { parseDurationMs, parseObservationCount } from './duration.ts';

describe('durations', () => {
  it('parse Prometheus-style durations', () => {
    expect(parseDurationMs('30d')).toBe(30 * 86_400_000);
    expect(parseDurationMs('1d12h')).toBe(36 * 3_600_000);
    expect(parseDurationMs('90m')).toBe(5_400_000);
    expect(parseDurationMs('2w')).toBe(14 * 86_400_000);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('0s')).toBe(0);
    expect(parseDurationMs('0')).toBe(0);
  });

  it('refuse what is not a duration', () => {
    for (const text of ['', '30', 'd', '1y', '1 d', '-1d', '1.5h', '30days']) expect(parseDurationMs(text)).toBeUndefined();
  });

  it('parse observation counts', () => {
    expect(parseObservationCount('2 observations')).toBe(2);
    expect(parseObservationCount('1 observation')).toBe(1);
    expect(parseObservationCount('0 observations')).toBeUndefined();
    expect(parseObservationCount('2obs')).toBeUndefined();
  });
});
