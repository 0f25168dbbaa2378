import type { CanonicalUnit } from '@vigia/schemas';

/**
 * Every unit the normalizer converts, with the factor to its dimension's base
 * (kg for mass, L for volume) and where the factor comes from. The README's unit
 * table is this data; keep them in step.
 */

export const UnitDimension = { mass: 'mass', volume: 'volume', currency: 'currency' } as const;
export type UnitDimension = (typeof UnitDimension)[keyof typeof UnitDimension];

export interface UnitDefinition {
  readonly dimension: UnitDimension;
  /** Multiply by this to get kg (mass) or L (volume); 1 for currencies. */
  readonly toBase: number;
  /** The ISO 4217 code, for currencies. */
  readonly currency?: Extract<CanonicalUnit, 'PEN' | 'USD' | 'EUR' | 'COP' | 'BRL' | 'BOB'>;
  /** How publishers write it; matched after `unitKey` (accents, case, trailing dot and spacing ignored). */
  readonly spellings: readonly string[];
  readonly source: string;
}

const mass = (toBase: number, source: string, spellings: readonly string[]): UnitDefinition => ({
  dimension: UnitDimension.mass,
  toBase,
  spellings,
  source,
});
const volume = (toBase: number, source: string, spellings: readonly string[]): UnitDefinition => ({
  dimension: UnitDimension.volume,
  toBase,
  spellings,
  source,
});
const money = (currency: NonNullable<UnitDefinition['currency']>, spellings: readonly string[]): UnitDefinition => ({
  dimension: UnitDimension.currency,
  toBase: 1,
  currency,
  spellings: [currency.toLowerCase(), ...spellings],
  source: 'ISO 4217',
});

const si = 'SI (BIPM, The International System of Units, 9th ed., 2019)';

export const unitDefinitions = {
  tonne: mass(1000, `metric tonne = 1000 kg, ${si}`, [
    't',
    'tn',
    'tm',
    'ton',
    'tons',
    'tonne',
    'tonnes',
    'tonelada',
    'toneladas',
    'tonelada metrica',
    'toneladas metricas',
    'metric ton',
    'metric tons',
    'mt',
  ]),
  kilogram: mass(1, si, ['kg', 'kgs', 'kilo', 'kilos', 'kilogramo', 'kilogramos', 'kilogram', 'kilograms']),
  gram: mass(0.001, si, ['g', 'gr', 'grs', 'gramo', 'gramos', 'gram', 'grams']),
  milligram: mass(0.000001, si, ['mg', 'miligramo', 'miligramos', 'milligram', 'milligrams']),
  pound: mass(0.45359237, 'international avoirdupois pound, exactly 0.45359237 kg (NIST SP 811, 2008, B.8)', [
    'lb',
    'lbs',
    'libra',
    'libras',
    'pound',
    'pounds',
  ]),
  arroba: mass(11.5, 'Peruvian arroba = 25 libras castellanas; the RAE dictionary gives 11.502 kg, and coca-leaf trade in Peru rounds it to 11.5 kg', [
    '@',
    'arroba',
    'arrobas',
  ]),
  litre: volume(1, `litre = 1 dm³, ${si}`, ['l', 'lt', 'lts', 'ltr', 'ltrs', 'litro', 'litros', 'liter', 'liters', 'litre', 'litres']),
  millilitre: volume(0.001, si, ['ml', 'mililitro', 'mililitros', 'milliliter', 'milliliters', 'millilitre', 'millilitres', 'cc', 'cm3']),
  gallon: volume(3.785411784, 'US liquid gallon = 231 in³ = 3.785411784 L exactly (NIST Handbook 44, 2024, Appendix C)', [
    'gal',
    'gals',
    'galon',
    'galones',
    'gallon',
    'gallons',
    'us gal',
  ]),
  cubicMetre: volume(1000, `cubic metre = 1000 L, ${si}`, [
    'm3',
    'metro cubico',
    'metros cubicos',
    'cubic meter',
    'cubic meters',
    'cubic metre',
    'cubic metres',
  ]),
  boardFoot: volume(2.35974, 'pie tablar (board foot) = 1 ft × 1 ft × 1 in = 0.00235974 m³, as used by SERFOR/OSINFOR for timber volumes', [
    'pt',
    'pie tablar',
    'pies tablares',
    'board foot',
    'board feet',
    'bf',
    'bdft',
    'fbm',
  ]),
  sol: money('PEN', ['s/', 's/.', 'sol', 'soles', 'nuevo sol', 'nuevos soles']),
  dollar: money('USD', ['us$', 'u$s', 'dolar', 'dolares', 'dollar', 'dollars', 'dolares americanos', 'us dollars']),
  euro: money('EUR', ['€', 'euro', 'euros']),
  colombianPeso: money('COP', ['col$', 'peso colombiano', 'pesos colombianos']),
  real: money('BRL', ['r$', 'real', 'reales', 'reais']),
  boliviano: money('BOB', ['bs', 'bs.', 'boliviano', 'bolivianos']),
} as const satisfies Record<string, UnitDefinition>;

/**
 * Symbols that name more than one currency. `$` alone is the US dollar in
 * Peruvian press and the peso in Colombian sources; a report must say which.
 */
export const ambiguousUnits: Readonly<Record<string, string>> = {
  $: 'USD (US$) or COP (COL$)',
  peso: 'COP or another country’s peso',
  pesos: 'COP or another country’s peso',
};

/** `" Kg. "` → `"kg"`, `"m³"` → `"m3"`, `"Galónes"` → `"galones"`: the key spellings are matched by. */
export function unitKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(?<=[a-z])\.$/, '');
}

const bySpelling = new Map<string, UnitDefinition>();
for (const definition of Object.values(unitDefinitions) as UnitDefinition[]) {
  for (const spelling of definition.spellings) bySpelling.set(unitKey(spelling), definition);
}

/** The unit a publisher's spelling names, or `undefined`. */
export function unitOf(text: string): UnitDefinition | undefined {
  return bySpelling.get(unitKey(text));
}
