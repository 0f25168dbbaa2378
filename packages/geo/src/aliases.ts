import { nationalCode } from './region.ts';

/**
 * Names reports use for administrative places besides the INEI name, added on
 * top of the generated table's aliases (older INEI and RENIEC spellings).
 * Accents, case, punctuation and the spellings of `normalize.ts` ("Cuzco",
 * "Nazca", "Pto.", "Mcal.") are already handled and need no entry here.
 *
 * A town is listed only where it lies in one unit, and it maps to the smallest
 * unit that holds all of it: Pucallpa spans three districts, so it names the
 * province. An official name always wins over an alias (see `name-index.ts`).
 */
export const curatedAliases: readonly (readonly [code: string, ...aliases: string[]])[] = [
  [nationalCode, 'Perú', 'Peru', 'República del Perú', 'Nacional', 'National', 'Todo el país'],
  ['02', 'Ancash'],
  ['07', 'Provincia Constitucional del Callao', 'Región Callao'],
  ['08', 'Qosqo', 'Qusqu'],
  // Lima Metropolitana is exactly the province of Lima (the capital's 43 districts).
  ['1501', 'Lima Metropolitana', 'Lima Metropolitan Area', 'Lima Metro'],
  ['150101', 'Cercado de Lima', 'Lima Cercado'],
  // Towns that give their name to a hotspot more often than their district does.
  ['100601', 'Tingo María'],
  ['100604', 'Aucayacu'],
  ['2501', 'Pucallpa'],
  ['170101', 'Puerto Maldonado'],
  ['080902', 'Echarati'],
  ['080911', 'Inkahuasi'],
  ['050503', 'Ayna San Francisco'],
  ['120609', 'Vizcatán'],
];

/**
 * Regions a `department` field may name besides the 25 departments: data sets
 * that follow the Gobierno Regional split list "Lima Metropolitana" and "Lima
 * Provincias" where other regions have their department.
 */
export const departmentLikeCodes: ReadonlySet<string> = new Set(['1501', 'zone:lima-provincias']);
