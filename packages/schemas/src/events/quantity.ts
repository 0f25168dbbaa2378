import { z } from 'zod';
import { nonNegativeNumberSchema } from '../primitives.ts';

/**
 * The canonical units every seizure quantity is normalized to, so that
 * indicators can add them. Conversion tables (arrobas, galones, TM…) belong
 * to the normalizer; this package only fixes the target units.
 */
export const physicalUnits = ['kg', 'L', 'm3'] as const;

/** ISO 4217 codes of currencies seized in Peru and on its borders (Colombia, Brazil, Bolivia). */
export const currencyUnits = ['PEN', 'USD', 'EUR', 'COP', 'BRL', 'BOB'] as const;

export const canonicalUnits = [...physicalUnits, ...currencyUnits] as const;
export type CanonicalUnit = (typeof canonicalUnits)[number];
export const canonicalUnitSchema = z.enum(canonicalUnits).describe('kg, L, m3 or an ISO 4217 currency code');

export const quantitySchema = z.object({
  value: nonNegativeNumberSchema,
  unit: canonicalUnitSchema,
});
export type Quantity = z.infer<typeof quantitySchema>;

/** The quantity exactly as reported, kept for audit and for fixing conversions later. */
export const originalQuantitySchema = z.object({
  value: z.number().describe('As reported'),
  unit: z.string().min(1).max(50).describe('As reported, e.g. "arrobas", "galones", "TM", "kg"'),
});
export type OriginalQuantity = z.infer<typeof originalQuantitySchema>;
