import { describe, expect, it } from 'vitest';
import { listRegions, zoneDefinition } from './gazetteer.ts';
import { resolve, type ResolveResult } from './resolve.ts';

const forSurvey = { forSurvey: true } as const;

function codeOf(result: ResolveResult): string | undefined {
  return result.ok ? result.region.code : undefined;
}

function candidatesOf(result: ResolveResult): readonly string[] | undefined {
  return result.ok ? undefined : result.candidates?.map((region) => region.code);
}

describe('resolve for a survey: a name shared by a zone and a place', () => {
  it.each([
    ['Putumayo', ['1608', 'zone:putumayo']],
    ['Tahuamanu', ['1703', 'zone:tahuamanu']],
    ['Madre de Dios', ['17', 'zone:madre-de-dios']],
    ['Amazonas', ['01', 'zone:amazonas']],
    ['Yaguas', ['160804', 'zone:yaguas']],
    ['Tigre', ['160303', 'zone:tigre']],
    ['Fitzcarrald', ['170202', 'zone:fitzcarrald']],
    ['Kosñipata', ['081106', 'zone:kosnipata']],
  ])('refuses a bare %j and lists the place and the zone', (name, candidates) => {
    const result = resolve(name, forSurvey);
    expect(result).toMatchObject({ ok: false, reason: 'PLACE_AMBIGUOUS', detail: 'several-matches' });
    expect(candidatesOf(result)).toEqual(candidates);
    expect(!result.ok && result.message).toContain('zone field');
  });

  it('keeps every place and the zone apart for a name already ambiguous for events', () => {
    const result = resolve('Huallaga', forSurvey);
    expect(candidatesOf(result)).toEqual(candidatesOf(resolve('Huallaga')));
    expect(candidatesOf(result)).toContain('zone:huallaga');
  });

  it.each([
    [{ zone: 'Putumayo' }, 'zone:putumayo'],
    [{ zone: 'Tahuamanu' }, 'zone:tahuamanu'],
    [{ zone: 'Madre de Dios' }, 'zone:madre-de-dios'],
    [{ zone: 'Amazonas' }, 'zone:amazonas'],
    [{ zone: 'cotuhe' }, 'zone:cotuhe'],
    ['zone:tahuamanu', 'zone:tahuamanu'],
    ['Zona Putumayo', 'zone:putumayo'],
    ['Zona Amazonas', 'zone:amazonas'],
  ] as const)('resolves %j, which names the zone, to %s', (query, code) => {
    expect(codeOf(resolve(query, forSurvey))).toBe(code);
  });

  it.each([
    ['Putumayo, Loreto', '1608'],
    ['Provincia de Tahuamanu', '1703'],
    ['Departamento de Madre de Dios', '17'],
    [{ department: 'Amazonas' }, '01'],
    [{ province: 'Putumayo' }, '1608'],
    ['Tahuamanu, Tahuamanu', '170303'],
  ] as const)('resolves %j, which names the place, to %s', (query, code) => {
    expect(codeOf(resolve(query, forSurvey))).toBe(code);
  });

  it('resolves names only a zone has, as before', () => {
    for (const name of ['VRAEM', 'Cotuhé', 'Alto Huallaga', 'Triple Frontera', 'Bajo Amazonas']) {
      expect(codeOf(resolve(name, forSurvey)), name).toBe(codeOf(resolve(name)));
      expect(codeOf(resolve(name, forSurvey)), name).toMatch(/^zone:/);
    }
  });

  it('leaves events alone: outside surveys the place still stands for the zone of its name', () => {
    expect(codeOf(resolve('Putumayo'))).toBe('1608');
    expect(codeOf(resolve('Tahuamanu'))).toBe('1703');
    expect(codeOf(resolve('Madre de Dios'))).toBe('17');
    expect(codeOf(resolve('Amazonas'))).toBe('01');
    expect(codeOf(resolve('Tigre'))).toBe('160303');
  });

  it('never resolves the name or an alias of a zone to a district, province or department', () => {
    for (const zone of listRegions('zone')) {
      const definition = zoneDefinition(zone.code)!;
      for (const name of [definition.name, ...definition.aliases]) {
        const result = resolve(name, forSurvey);
        if (result.ok) expect(result.region.level, `${zone.code} ${name}`).toBe('zone');
        else expect(candidatesOf(result), `${zone.code} ${name}`).toContain(zone.code);
      }
    }
  });
});
