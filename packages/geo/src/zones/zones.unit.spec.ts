import { zoneCodeSchema } from '@vigia/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ubigeoTable } from '../data/ubigeo-inei.ts';
import { childrenOf, listRegions, regionByCode, targetRegions, zoneDefinition, zonesContaining } from '../gazetteer.ts';
import { zoneDefinitions } from './zones.ts';

const tableNames = new Map([...ubigeoTable.departments, ...ubigeoTable.provinces, ...ubigeoTable.districts].map(([code, name]) => [code, name]));

const requiredZones = [
  'vraem',
  'huallaga',
  'bajo-huallaga',
  'la-convencion-lares',
  'putumayo',
  'inambari-tambopata',
  'san-gaban',
  'aguaytia',
  'maranon',
  'bajo-amazonas',
  'pichis-palcazu-pachitea',
  'kosnipata',
  'alto-chicama',
  'calleria',
  'contamana',
  'madre-de-dios',
  'triple-frontera',
  // Named on DEVIDA's 2024 list (issue 9).
  'amazonas',
  'cotuhe',
  'fitzcarrald',
  'tahuamanu',
  'tigre',
  'yaguas',
];

describe('zone definitions', () => {
  it('cover every monitoring zone of the issue', () => {
    const ids = zoneDefinitions.map((zone) => zone.id);
    expect(ids).toEqual(expect.arrayContaining(requiredZones));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('name only codes of the UBIGEO table, under their INEI names, without repeats', () => {
    for (const zone of zoneDefinitions) {
      const codes = zone.members.map(([code]) => code);
      expect(new Set(codes).size, zone.id).toBe(codes.length);
      for (const [code, name] of zone.members) {
        expect(tableNames.get(code), `${zone.id} ${code}`).toBe(name);
        expect(code.length, `${zone.id} ${code} must be a province or district`).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it('have kebab-case ids that make valid zone codes, a source and an approximation note', () => {
    for (const zone of zoneDefinitions) {
      expect(zone.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(zoneCodeSchema.safeParse(`zone:${zone.id}`).success, zone.id).toBe(true);
      expect(zone.source.length, zone.id).toBeGreaterThan(20);
      expect(zone.approximation.length, zone.id).toBeGreaterThan(5);
      expect(zoneDefinition(`zone:${zone.id}`)).toBe(zone);
      expect(regionByCode(`zone:${zone.id}`)).toMatchObject({ level: 'zone', name: zone.name, parent: 'PE' });
    }
  });
});

describe('zone containment', () => {
  it('places VRAEM in its five departments', () => {
    const departments = new Set(childrenOf('zone:vraem').map((district) => district.code.slice(0, 2)));
    expect([...departments].sort()).toEqual(['03', '05', '08', '09', '12']);
  });

  it('sends an event in a VRAEM district to its province, department, PE and zone:vraem', () => {
    for (const code of ['050507', '080910', '120609', '050413']) {
      const targets = targetRegions(code).map((region) => region.code);
      expect(targets.slice(0, 4)).toEqual([code, code.slice(0, 4), code.slice(0, 2), 'PE']);
      expect(targets).toContain('zone:vraem');
    }
  });

  it('counts a province in a zone only when the zone holds all of it', () => {
    expect(zonesContaining('0505').map((r) => r.code)).toEqual(['zone:vraem']); // La Mar, whole
    expect(zonesContaining('0809').map((r) => r.code)).toEqual([]); // La Convención, split between two zones
    expect(zonesContaining('080909').map((r) => r.code)).toEqual(['zone:la-convencion-lares', 'zone:vraem']);
    expect(zonesContaining('15').map((r) => r.code)).toEqual([]);
    expect(zonesContaining('1505').map((r) => r.code)).toEqual(['zone:lima-provincias']);
    expect(zonesContaining('1501').map((r) => r.code)).toEqual([]);
  });

  it('gives every region a duplicate-free, stable fan-out: itself, ancestors to PE, then zones by code', () => {
    const regions = listRegions();
    fc.assert(
      fc.property(fc.constantFrom(...regions), (region) => {
        const targets = targetRegions(region.code);
        const codes = targets.map((target) => target.code);
        expect(new Set(codes).size).toBe(codes.length);
        expect(codes[0]).toBe(region.code);
        expect(targetRegions(region.code)).toEqual(targets);
        const zones = codes.filter((code) => code.startsWith('zone:') && code !== region.code);
        expect(zones).toEqual([...zones].sort());
        if (region.code !== 'PE') expect(codes).toContain('PE');
        for (const zone of zonesContaining(region.code)) {
          const members = new Set(childrenOf(zone.code).map((district) => district.code));
          const inner = region.level === 'district' ? [region] : childrenOfDeep(region.code);
          expect(inner.every((district) => members.has(district.code))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function childrenOfDeep(code: string): readonly { code: string }[] {
  const region = regionByCode(code)!;
  if (region.level === 'district') return [region];
  return childrenOf(code).flatMap((child) => childrenOfDeep(child.code));
}
