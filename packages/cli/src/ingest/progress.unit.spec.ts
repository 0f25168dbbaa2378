import { describe, expect, it } from 'vitest';
import { memoryStream } from '../testing/memory-io.ts';
import { formatBar, formatBytes, formatProgressLine, ProgressReporter, type ProgressState } from './progress.ts';

const state = (over: Partial<ProgressState> = {}): ProgressState => ({
  bytesRead: 12.5 * 1024 * 1024,
  totalBytes: 50 * 1024 * 1024,
  accepted: 9_000,
  rejected: 3,
  elapsedMs: 2_000,
  ...over,
});

describe('progress formatting', () => {
  it('formats sizes in binary units', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(3 * 1024 ** 3)]).toEqual(['0 B', '1023 B', '1.5 KiB', '3.0 GiB']);
  });

  it('draws a bar with percentage, bytes, rate, counts and the time left', () => {
    expect(formatBar(state(), 8)).toBe(' 25% [██░░░░░░] 12.5 MiB/50.0 MiB  4,502 rec/s  accepted 9,000  rejected 3  ETA 6s');
    expect(formatBar(state({ unit: 'records', bytesRead: 9_003, totalBytes: 900_300, elapsedMs: 2_000 }), 8)).toBe(
      '  1% [░░░░░░░░] 9,003 rec/900,300 rec  4,502 rec/s  accepted 9,000  rejected 3  ETA 3m 18s',
    );
    expect(formatBar(state({ totalBytes: undefined }))).toBe('12.5 MiB read  4,502 rec/s  accepted 9,000  rejected 3');
  });

  it('writes self-contained plain lines', () => {
    expect(formatProgressLine(state())).toBe('progress 25% (12.5 MiB of 50.0 MiB), 9,003 records, 4,502 rec/s  accepted 9,000  rejected 3, 2.0 s, ETA 6s');
  });
});

describe('ProgressReporter', () => {
  it('prints a plain line at most once per interval', () => {
    const stream = memoryStream();
    let now = 0;
    const reporter = new ProgressReporter({ stream, mode: 'plain', intervalMs: 1000, nowMs: () => now });
    for (now = 0; now <= 3500; now += 250) reporter.update(state({ elapsedMs: now }));
    reporter.finish();
    expect(stream.text().trim().split('\n')).toHaveLength(3);
    expect(stream.text()).not.toContain('\r');
  });

  it('redraws a bar in place on a terminal and keeps notes above it', () => {
    const stream = memoryStream({ isTTY: true, columns: 200 });
    let now = 0;
    const reporter = new ProgressReporter({ stream, mode: 'bar', intervalMs: 5000, nowMs: () => now });
    reporter.update(state());
    now = 50;
    reporter.update(state({ accepted: 9_001 }));
    reporter.note('rejected line 7: JSON_MALFORMED');
    reporter.finish();
    const text = stream.text();
    expect(text.startsWith('\r\x1b[K 25% [')).toBe(true);
    expect(text).toContain('\r\x1b[Krejected line 7: JSON_MALFORMED\n\r\x1b[K 25%');
    expect(text).toContain('accepted 9,001');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('prints nothing in mode none', () => {
    const stream = memoryStream();
    const reporter = new ProgressReporter({ stream, mode: 'none', intervalMs: 1, nowMs: () => 10_000 });
    reporter.update(state());
    reporter.finish();
    expect(stream.text()).toBe('');
  });
});
