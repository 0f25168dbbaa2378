import { isVigiaError, regionRefSchema } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { ubigeoTable } from './data/ubigeo-inei.ts';
import { ancestors, childrenOf, ineiCodeOfReniec, listRegions, regionByCode, reniecCodeOf, targetRegions, zonesContaining } from './gazetteer.ts';
import { nationalCode } from './region.ts';

describe('the UBIGEO table', () => {
  it('has 25 departments (Lima and Callao separate), 196 provinces and the 1,891 districts of 2025', () => {
    expect(listRegions('department')).toHaveLength(25);
    expect(listRegions('province')).toHaveLength(196);
    expect(listRegions('district')).toHaveLength(1891);
    expect(regionByCode('07')?.name).toBe('Callao');
    expect(regionByCode('15')?.name).toBe('Lima');
  });

  it('gives every code the INEI shape of its level and a parent that exists', () => {
    for (const region of listRegions()) {
      expect(regionRefSchema.safeParse({ code: region.code, level: region.level }).success, region.code).toBe(true);
      if (region.code === nationalCode) expect(region.parent).toBeUndefined();
      else expect(regionByCode(region.parent!), region.code).toBeDefined();
      if (region.level === 'district' || region.level === 'province') {
        expect(region.parent).toBe(region.code.slice(0, region.code.length - 2));
      }
    }
  });

  it('includes districts created in the VRAEM and elsewhere since 2014', () => {
    expect(regionByCode('050413')).toMatchObject({ name: 'Putis', parent: '0504' });
    expect(regionByCode('050511')).toMatchObject({ name: 'Oronccoy', parent: '0505' });
    expect(regionByCode('050410')).toMatchObject({ name: 'Uchuraccay', parent: '0504' });
    expect(regionByCode('080914')).toMatchObject({ name: 'Megantoni', parent: '0809' });
    expect(regionByCode('120609')?.name).toMatch(/^Vizcat[aá]n del Ene$/);
    expect(regionByCode('1608')).toMatchObject({ name: 'Putumayo', parent: '16' });
  });

  it('drops the source’s duplicate Tayacaja rows and repairs its truncated name', () => {
    expect(regionByCode('090708')).toBeUndefined();
    expect(regionByCode('090712')).toBeUndefined();
    expect(regionByCode('090709')?.name).toBe('Huaribamba');
    expect(regionByCode('060506')?.name).toBe('Santa Cruz de Toledo');
  });

  it('lists districts in code order with unique codes', () => {
    const codes = ubigeoTable.districts.map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes);
  });
});

describe('hierarchy', () => {
  it('rolls a district up through its province and department to PE', () => {
    expect(ancestors('050507').map((r) => r.code)).toEqual(['0505', '05', 'PE']);
    expect(ancestors('0505').map((r) => r.code)).toEqual(['05', 'PE']);
    expect(ancestors('05').map((r) => r.code)).toEqual(['PE']);
    expect(ancestors('PE')).toEqual([]);
    expect(ancestors('zone:vraem').map((r) => r.code)).toEqual(['PE']);
  });

  it('lists children level by level, and a zone’s districts', () => {
    expect(childrenOf('PE')).toHaveLength(25);
    expect(childrenOf('05').every((r) => r.level === 'province' && r.parent === '05')).toBe(true);
    expect(childrenOf('0505').map((r) => r.code)).toContain('050507');
    expect(childrenOf('zone:kosnipata').map((r) => r.code)).toEqual(['081106']);
    const districtsByProvince = listRegions('province').reduce((sum, p) => sum + childrenOf(p.code).length, 0);
    expect(districtsByProvince).toBe(1891);
  });

  it('throws a coded GeoError for codes it does not know', () => {
    for (const call of [() => ancestors('999999'), () => targetRegions('zone:nowhere'), () => zonesContaining('')]) {
      let thrown: unknown;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(isVigiaError(thrown, 'VIGIA_GEO_REGION_UNKNOWN')).toBe(true);
      expect(thrown).toHaveProperty('regionCode');
    }
    expect(regionByCode('999999')).toBeUndefined();
  });
});

describe('INEI and RENIEC codes', () => {
  it('maps the systems both ways where they differ', () => {
    expect(reniecCodeOf('07')).toBe('24'); // RENIEC files Callao after the alphabetical departments
    expect(ineiCodeOfReniec('24')).toBe('07');
    expect(reniecCodeOf('08')).toBe('07'); // so INEI 07 (Callao) is RENIEC 07 (Cusco)'s neighbour
    expect(ineiCodeOfReniec('150107')).toBe('160801'); // RENIEC keeps Putumayo under Maynas (pre-2014)
    expect(reniecCodeOf('1608')).toBeUndefined(); // RENIEC has no Putumayo province
  });

  it('round-trips every RENIEC code and never maps two places to one', () => {
    const seen = new Set<string>();
    for (const region of listRegions()) {
      const reniec = reniecCodeOf(region.code);
      if (reniec === undefined) continue;
      expect(ineiCodeOfReniec(reniec), region.code).toBe(region.code);
      const key = `${region.level}:${reniec}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    expect(seen.size).toBeGreaterThan(2000);
  });

  it('leaves districts newer than the RENIEC table without a RENIEC code', () => {
    expect(reniecCodeOf('050413')).toBeUndefined(); // Putis
  });
});
