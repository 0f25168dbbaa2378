import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelOfRegionCode, regionCodeSchema, regionRefSchema } from './regions.ts';

describe('region codes', () => {
  it.each([
    ['05', 'department'],
    ['0504', 'province'],
    ['050408', 'district'],
    ['25', 'department'],
    ['zone:vraem', 'zone'],
    ['zone:la-convencion-lares', 'zone'],
    ['PE', 'national'],
  ] as const)('%s is a %s', (code, level) => {
    expect(levelOfRegionCode(code)).toBe(level);
    expect(regionRefSchema.safeParse({ code, level }).success).toBe(true);
  });

  it.each(['', '00', '26', '5', '050', '05040', '0504081', 'zone:', 'zone:VRAEM', 'zone:a--b', 'pe', 'vraem', '05|x'])('%j is no region code', (code) => {
    expect(levelOfRegionCode(code)).toBeUndefined();
    expect(regionCodeSchema.safeParse(code).success).toBe(false);
  });

  it('rejects a code whose format contradicts the level', () => {
    const result = regionRefSchema.safeParse({ code: '0504', level: 'district' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['code']);
  });

  it('never puts | in a region code, so it can prefix composite keys', () => {
    fc.assert(
      fc.property(fc.string(), (code) => {
        if (levelOfRegionCode(code) !== undefined) expect(code).not.toContain('|');
      }),
    );
  });
});
