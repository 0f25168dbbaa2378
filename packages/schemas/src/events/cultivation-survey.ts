import { z } from 'zod';
import { nonNegativeNumberSchema } from '../primitives.ts';
import { regionRefSchema } from '../regions.ts';
import { eventCommonShape } from './event-common.ts';

/**
 * A coca cultivation survey figure: hectares under coca in one region for one
 * year (UNODC/DEVIDA monitoring). It names a region rather than a location
 * because surveys report whole zones (VRAEM spans five departments) or
 * administrative units, never a point. Its `occurredAt` is `<year>-01-01` with
 * precision `year`, so it sits on the same time axis as other events.
 */
export const cultivationSurveySchema = z
  .object({
    kind: z.literal('cultivation-survey'),
    ...eventCommonShape,
    region: regionRefSchema.describe('Zone, department, province, district or nation surveyed'),
    year: z.int().min(1990).max(2100).describe('Survey year'),
    hectares: nonNegativeNumberSchema.describe('Coca under cultivation, hectares'),
    edition: z.string().min(1).max(300).describe('Publication, e.g. "Monitoreo de cultivos de coca 2020"'),
  })
  .refine((survey) => survey.precision === 'year' && survey.occurredAt === `${survey.year}-01-01`, {
    message: 'a survey has precision year and occurredAt <year>-01-01',
    path: ['occurredAt'],
  })
  .meta({ id: 'CultivationSurvey' });
export type CultivationSurvey = z.infer<typeof cultivationSurveySchema>;
