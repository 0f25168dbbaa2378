import { describe, expect, it } from 'vitest';
import { ubigeoTable } from './data/ubigeo-inei.ts';
import { listRegions, regionByCode } from './gazetteer.ts';
import { resolve, type PlaceQuery, type ResolveResult } from './resolve.ts';

function codeOf(result: ResolveResult): string {
  if (!result.ok) throw new TypeError(`expected a region, got ${result.reason}: ${result.message}`);
  return result.region.code;
}

const departmentName = (code: string): string => regionByCode(code.slice(0, 2))!.name;
const provinceName = (code: string): string => regionByCode(code.slice(0, 4))!.name;

describe('resolve: names', () => {
  it('round-trips every department name → code → name', () => {
    for (const department of listRegions('department')) {
      const result = resolve(department.name);
      expect(codeOf(result), department.name).toBe(department.code);
      expect(result.ok && result.region.name).toBe(department.name);
    }
  });

  it('round-trips every province qualified by its department, as text and as fields', () => {
    for (const province of listRegions('province')) {
      const department = departmentName(province.code);
      expect(codeOf(resolve(`Provincia de ${province.name}, ${department}`)), province.name).toBe(province.code);
      expect(codeOf(resolve({ department, province: province.name })), province.name).toBe(province.code);
    }
  });

  it('resolves a bare province name to the province or a same-named department, or refuses with it listed', () => {
    for (const province of listRegions('province')) {
      const result = resolve(province.name);
      if (!result.ok)
        expect(
          result.candidates?.map((r) => r.code),
          province.name,
        ).toContain(province.code);
      else if (result.region.code !== province.code) {
        // "Ucayali" (a province of Loreto) and "Lima" mean the departments of that name.
        expect(result.region, province.name).toMatchObject({ level: 'department', name: province.name });
      }
    }
  });

  it('tells a province from a same-named district of the same department only when told the level', () => {
    const bare = resolve('Antonio Raymondi, Áncash');
    expect(!bare.ok && bare.candidates?.map((r) => r.code)).toEqual(['0203', '020503']);
    expect(codeOf(resolve('Provincia de Antonio Raymondi'))).toBe('0203');
    expect(codeOf(resolve('Distrito de Antonio Raymondi'))).toBe('020503');
  });

  it('round-trips every district given with its province and department, as fields and as text', () => {
    for (const [code, name] of ubigeoTable.districts) {
      const query: PlaceQuery = { department: departmentName(code), province: provinceName(code), district: name };
      expect(codeOf(resolve(query)), `${code} ${name}`).toBe(code);
      expect(codeOf(resolve(`${name}, ${query.province}, ${query.department}`)), `${code} ${name}`).toBe(code);
    }
  });

  it.each([
    ['Apurimac', '03'],
    ['apurímac', '03'],
    ['APURÍMAC', '03'],
    ['Junin', '12'],
    ['JUNÍN', '12'],
    ['Huanuco', '10'],
    ['San Martin', '22'],
    ['Madre de Dios', '17'],
    ['Ancash', '02'],
    ['Cusco', '08'],
    ['Cuzco', '08'],
    ['Callao', '07'],
    ['Provincia Constitucional del Callao', '07'],
    ['Lima', '15'],
    ['Departamento de Lima', '15'],
    ['Lima Metropolitana', '1501'],
    ['Provincia de Lima', '1501'],
    ['Lima Provincias', 'zone:lima-provincias'],
    ['Región Lima', 'zone:lima-provincias'],
    ['Perú', 'PE'],
    ['La Libertad', '13'],
    ['Ucayali', '25'],
  ])('resolves the variant %j to %s', (name, code) => {
    expect(codeOf(resolve(name))).toBe(code);
  });

  it('rejects a district name shared by several provinces and lists every one', () => {
    for (const name of ['Santa Rosa', 'San Juan', 'Independencia', 'santa rosa', 'SANTA ROSA']) {
      const result = resolve(name);
      expect(result.ok, name).toBe(false);
      if (result.ok) continue;
      expect(result.reason).toBe('PLACE_AMBIGUOUS');
      const expected = ubigeoTable.districts.filter(([, n]) => n.toLowerCase() === name.toLowerCase()).map(([c]) => c);
      expect(result.candidates?.map((r) => r.code)).toEqual(expected);
      expect(expected.length).toBeGreaterThan(1);
      expect(result.message).toContain(expected[0]);
    }
  });

  it.each<[string | PlaceQuery, string]>([
    ['Santa Rosa, La Mar', '050507'],
    ['Santa Rosa (La Mar, Ayacucho)', '050507'],
    ['Santa Rosa, Ayacucho', '050507'],
    ['Ayacucho - La Mar - Santa Rosa', '050507'],
    ['Santa Rosa, VRAEM', '050507'],
    [{ department: 'Ayacucho', district: 'Santa Rosa' }, '050507'],
    [{ province: 'la mar', district: 'SANTA ROSA' }, '050507'],
    [{ zone: 'VRAEM', district: 'Santa Rosa' }, '050507'],
    ['Independencia, Huaraz', '020105'],
    ['Independencia, Lima', '150112'],
    ['Cusco, Cusco, Cusco', '080101'],
    ['Lima, Lima', '1501'],
    ['Distrito de Lima', '150101'],
    ['Huanta province', '0504'],
    [{ department: 'Lima Metropolitana', district: 'Miraflores' }, '150122'],
  ])('resolves the qualified query %j to %s', (query, code) => {
    expect(codeOf(resolve(query))).toBe(code);
  });

  it('says where a place is when its qualifier contradicts it', () => {
    const result = resolve('Pichari, Ayacucho');
    expect(result).toMatchObject({ ok: false, reason: 'PLACE_UNKNOWN', detail: 'inconsistent' });
    expect(!result.ok && result.candidates?.map((r) => r.code)).toEqual(['080910']);
    expect(resolve({ department: 'Junín', district: 'Pichari' })).toMatchObject({ ok: false, detail: 'inconsistent' });
  });

  it('reports unknown names and unknown qualifiers as PLACE_UNKNOWN, never as a guess', () => {
    expect(resolve('Xyzzy')).toMatchObject({ ok: false, reason: 'PLACE_UNKNOWN', detail: 'not-found' });
    expect(resolve('Santa Rosa, Xyzzy')).toMatchObject({ ok: false, reason: 'PLACE_UNKNOWN', detail: 'not-found' });
    expect(resolve('  ,; ')).toMatchObject({ ok: false, reason: 'PLACE_UNKNOWN', detail: 'empty' });
    expect(resolve({})).toMatchObject({ ok: false, reason: 'PLACE_UNKNOWN', detail: 'empty' });
    expect(resolve({ district: 'Santa Rosa' })).toMatchObject({ ok: false, reason: 'PLACE_AMBIGUOUS' });
    expect(resolve(null as unknown as string)).toMatchObject({ ok: false, detail: 'invalid-query' });
    expect(resolve({ district: 5 } as unknown as PlaceQuery)).toMatchObject({ ok: false, detail: 'invalid-query' });
  });
});

describe('resolve: codes', () => {
  it('round-trips every code and restores a leading zero lost in a spreadsheet', () => {
    for (const region of listRegions()) expect(codeOf(resolve(region.code))).toBe(region.code);
    expect(codeOf(resolve('50507'))).toBe('050507');
    expect(codeOf(resolve('5'))).toBe('05');
    expect(codeOf(resolve({ code: '0505' }))).toBe('0505');
  });

  it('tells malformed codes from unknown ones', () => {
    expect(resolve('1234567')).toMatchObject({ ok: false, reason: 'PLACE_UNKNOWN', detail: 'code-malformed' });
    expect(resolve('999999')).toMatchObject({ ok: false, reason: 'PLACE_UNKNOWN', detail: 'code-not-found' });
    expect(resolve('zone:atlantis')).toMatchObject({ ok: false, detail: 'code-not-found' });
    expect(resolve('090708')).toMatchObject({ ok: false, detail: 'code-not-found' });
  });

  it('reads RENIEC codes only when told, since the systems reuse each other’s numbers', () => {
    expect(codeOf(resolve({ code: '24', system: 'reniec' }))).toBe('07');
    expect(codeOf(resolve('24'))).toBe('24');
    expect(codeOf(resolve({ code: '150107', system: 'reniec' }))).toBe('160801');
    expect(resolve({ code: '050413', system: 'reniec' })).toMatchObject({ ok: false, detail: 'code-not-found' });
  });

  it('checks names given with a code and lets the more precise of the two win', () => {
    expect(codeOf(resolve({ code: '050507', department: 'Ayacucho' }))).toBe('050507');
    expect(codeOf(resolve({ code: '05', district: 'Santa Rosa' }))).toBe('050507');
    expect(resolve({ code: '050507', department: 'Cusco' })).toMatchObject({ ok: false, detail: 'inconsistent' });
    expect(codeOf(resolve({ code: 'zone:vraem', district: 'Santa Rosa' }))).toBe('050507');
    expect(codeOf(resolve({ code: 'zone:putumayo', province: 'Putumayo' }))).toBe('1608');
    expect(resolve({ code: 'zone:vraem', district: 'Callería' })).toMatchObject({ ok: false, detail: 'inconsistent' });
  });
});

describe('resolve: zones', () => {
  it.each([
    ['VRAEM', 'zone:vraem'],
    ['vraem', 'zone:vraem'],
    ['zone:vraem', 'zone:vraem'],
    ['Zona VRAEM', 'zone:vraem'],
    ['Valle de los Ríos Apurímac, Ene y Mantaro', 'zone:vraem'],
    ['Alto Huallaga', 'zone:huallaga'],
    ['La Convención-Lares', 'zone:la-convencion-lares'],
    ['Pichis Palcazu Pachitea', 'zone:pichis-palcazu-pachitea'],
    ['Triple Frontera', 'zone:triple-frontera'],
    ['Zona Madre de Dios', 'zone:madre-de-dios'],
  ])('resolves %j to %s', (name, code) => {
    expect(codeOf(resolve(name))).toBe(code);
  });

  it('resolves every zone by code, and by id or name in the zone field', () => {
    for (const zone of listRegions('zone')) {
      const id = zone.code.slice('zone:'.length);
      expect(codeOf(resolve(zone.code)), zone.code).toBe(zone.code);
      expect(codeOf(resolve({ zone: id })), zone.code).toBe(zone.code);
      expect(codeOf(resolve({ zone: zone.name })), zone.code).toBe(zone.code);
      const bare = resolve(zone.name);
      // A bare name may also be a place: the same area, the department of that name, or an ambiguity listing the zone.
      if (!bare.ok)
        expect(
          bare.candidates?.map((r) => r.code),
          zone.name,
        ).toContain(zone.code);
      else if (bare.region.code !== zone.code) {
        expect(['district', 'province', 'department']).toContain(bare.region.level);
      }
    }
  });

  it('resolves a survey zone given as a field even when a place shares its name', () => {
    expect(codeOf(resolve({ zone: 'Madre de Dios' }))).toBe('zone:madre-de-dios');
    expect(codeOf(resolve({ zone: 'Huallaga' }))).toBe('zone:huallaga');
    expect(codeOf(resolve({ zone: 'Putumayo' }))).toBe('zone:putumayo');
  });

  it('prefers the place when a zone has exactly its extent, and refuses when the extents differ', () => {
    expect(codeOf(resolve('Putumayo'))).toBe('1608');
    expect(codeOf(resolve('Kosñipata'))).toBe('081106');
    const huallaga = resolve('Huallaga');
    expect(huallaga).toMatchObject({ ok: false, reason: 'PLACE_AMBIGUOUS' });
    expect(!huallaga.ok && huallaga.candidates?.map((r) => r.code)).toContain('zone:huallaga');
    expect(!huallaga.ok && huallaga.message).toContain('zone:<id>');
  });
});
