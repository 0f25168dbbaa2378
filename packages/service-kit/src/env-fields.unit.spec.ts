import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { envBoolean, envDurationMs, envInteger, envList, envLogLevel, envPort } from './env-fields.ts';

const ok = <T>(schema: z.ZodType<T, string>, text: string): T => schema.parse(text);
const rejects = (schema: z.ZodType<unknown, string>, text: string): boolean => !schema.safeParse(text).success;

describe('envPort', () => {
  it('accepts 0 to 65535 and nothing else', () => {
    expect([ok(envPort(), '0'), ok(envPort(), ' 8080 '), ok(envPort(), '65535')]).toEqual([0, 8080, 65_535]);
    for (const bad of ['65536', '-1', '80.5', '8o80', '0x50', 'http']) expect(rejects(envPort(), bad)).toBe(true);
  });

  it('property: every valid port round-trips through its decimal text', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 65_535 }), (port) => ok(envPort(), String(port)) === port));
  });
});

describe('envInteger', () => {
  it('enforces the bounds and says so', () => {
    const partitions = envInteger({ min: 1, max: 1000, what: 'a partition count' });
    expect(ok(partitions, '12')).toBe(12);
    const result = partitions.safeParse('0');
    expect(result.error?.issues[0]?.message).toBe('expected a partition count: a whole number from 1 to 1000');
  });
});

describe('envDurationMs', () => {
  it.each([
    ['1500', 1500],
    ['250ms', 250],
    ['30s', 30_000],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['10 S', 10_000],
  ])('%s → %d ms', (text, ms) => {
    expect(ok(envDurationMs(), text)).toBe(ms);
  });

  it('rejects anything that is not an amount with a known unit, and values out of range', () => {
    for (const bad of ['soon', '-5s', '5 minutes', '1w', 's']) expect(rejects(envDurationMs(), bad)).toBe(true);
    expect(rejects(envDurationMs({ minMs: 1 }), '0')).toBe(true);
    expect(rejects(envDurationMs({ maxMs: 60_000 }), '2m')).toBe(true);
  });
});

describe('envLogLevel', () => {
  it('accepts pino levels in any case', () => {
    expect(ok(envLogLevel(), 'DEBUG')).toBe('debug');
    expect(rejects(envLogLevel(), 'verbose')).toBe(true);
  });
});

describe('envBoolean', () => {
  it('reads the usual spellings, and "false" as false', () => {
    expect(['true', 'YES', '1', 'on'].map((text) => ok(envBoolean(), text))).toEqual([true, true, true, true]);
    expect(['false', 'No', '0', 'off'].map((text) => ok(envBoolean(), text))).toEqual([false, false, false, false]);
    expect(rejects(envBoolean(), 'maybe')).toBe(true);
  });
});

describe('envList', () => {
  it('splits on commas, trims and drops empty items', () => {
    expect(ok(envList(), ' a, b ,,c, ')).toEqual(['a', 'b', 'c']);
  });

  it('parses each item and points at the bad one', () => {
    const ports = envList(envPort());
    expect(ok(ports, '80, 443')).toEqual([80, 443]);
    expect(ports.safeParse('80,x,443').error?.issues[0]?.path).toEqual([1]);
  });
});
