import { z } from 'zod';
import { eventCommonShape, occurredAtMatchesPrecision, occurredAtPrecisionIssue } from './event-common.ts';
import { locationSchema } from './location.ts';
import { currencyUnits, originalQuantitySchema, quantitySchema, type CanonicalUnit } from './quantity.ts';

export const substances = [
  'cocaine-hydrochloride',
  'cocaine-base-paste',
  'coca-leaf',
  'marijuana',
  'opium-latex',
  'precursor-chemical',
  'gold',
  'mercury',
  'timber',
  'cash',
] as const;
export type Substance = (typeof substances)[number];

/** Chemicals controlled as cocaine precursors in Peru (Decreto Legislativo 1126 and its lists), plus `other`. */
export const precursorChemicals = [
  'kerosene',
  'sulfuric-acid',
  'hydrochloric-acid',
  'acetone',
  'calcium-oxide',
  'sodium-carbonate',
  'potassium-permanganate',
  'ammonia',
  'toluene',
  'ethyl-acetate',
  'methyl-ethyl-ketone',
  'diesel',
  'gasoline',
  'other',
] as const;
export type PrecursorChemical = (typeof precursorChemicals)[number];

/**
 * The canonical units each substance may be expressed in. Mass where it is
 * weighed, volume where it is measured (liquid chemicals, timber), currency
 * for cash; a report in another unit needs a conversion before it gets here.
 */
export const substanceUnits: Readonly<Record<Substance, readonly CanonicalUnit[]>> = {
  'cocaine-hydrochloride': ['kg'],
  'cocaine-base-paste': ['kg'],
  'coca-leaf': ['kg'],
  marijuana: ['kg'],
  'opium-latex': ['kg'],
  'precursor-chemical': ['kg', 'L'],
  gold: ['kg'],
  mercury: ['kg'],
  timber: ['m3'],
  cash: currencyUnits,
};

export const seizureItemSchema = z
  .object({
    substance: z.enum(substances),
    chemical: z.enum(precursorChemicals).optional().describe('Which precursor; only for precursor-chemical'),
    chemicalName: z.string().max(200).optional().describe('Name as reported, e.g. when chemical is other'),
    quantity: quantitySchema.describe('Normalized quantity'),
    original: originalQuantitySchema,
  })
  .refine((item) => (item.substance === 'precursor-chemical') === (item.chemical !== undefined), {
    message: 'chemical is required for precursor-chemical and not allowed otherwise',
    path: ['chemical'],
  })
  .refine((item) => substanceUnits[item.substance].includes(item.quantity.unit), {
    message: 'unit not allowed for this substance (see substanceUnits)',
    path: ['quantity', 'unit'],
  });
export type SeizureItem = z.infer<typeof seizureItemSchema>;

/** A seizure of drugs, precursors, illegally mined gold, mercury, timber or cash. */
export const seizureSchema = z
  .object({
    kind: z.literal('seizure'),
    ...eventCommonShape,
    location: locationSchema,
    items: z.array(seizureItemSchema).min(1).max(100),
    arrests: z.int().min(0).optional().describe('People detained in the operation'),
  })
  .refine((seizure) => occurredAtMatchesPrecision(seizure.occurredAt, seizure.precision), occurredAtPrecisionIssue)
  .meta({ id: 'Seizure' });
export type Seizure = z.infer<typeof seizureSchema>;
