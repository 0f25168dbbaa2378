import { vigiaErrorCodePattern } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { GeoError, geoErrorCodes, geoErrorDescriptions } from './geo-errors.ts';

describe('geo error codes', () => {
  it('are VIGIA_GEO_… codes, each documented', () => {
    for (const code of geoErrorCodes) {
      expect(code).toMatch(vigiaErrorCodePattern);
      expect(code.startsWith('VIGIA_GEO_')).toBe(true);
      expect(geoErrorDescriptions[code].length).toBeGreaterThan(20);
    }
    expect(Object.keys(geoErrorDescriptions).sort()).toEqual([...geoErrorCodes].sort());
  });

  it('carry their context as enumerable properties', () => {
    const error = new GeoError('VIGIA_GEO_REGION_UNKNOWN', 'no region', { context: { regionCode: '999999' } });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ code: 'VIGIA_GEO_REGION_UNKNOWN', regionCode: '999999' });
    expect(error.context).toEqual({ regionCode: '999999' });
  });
});
