import { indicatorWindowSchema, isoDateSchema, metricIdSchema, surveySourceSchema } from '@vigia/schemas';
import { z } from 'zod';

const regionParam = z
  .string()
  .trim()
  .regex(/^(?:PE|\d{2}|\d{4}|\d{6}|zone:[a-z0-9-]+)$/, 'a region code: PE, a UBIGEO (2, 4 or 6 digits) or zone:<id>');

/** `GET /v1/indicators?region=&metric=&window=&source=&year=`: every parameter optional, they filter. */
export const indicatorsQuerySchema = z.object({
  region: regionParam.optional(),
  metric: metricIdSchema.optional(),
  window: indicatorWindowSchema.optional(),
  source: surveySourceSchema.optional(),
  year: z.coerce.number().int().min(1990).max(2100).optional(),
});

/** The longest gap-filled series one request may ask for (ten years of days). */
export const maxSeriesDays = 3_660;

/** `GET /v1/series?region=&metric=&source=&from=&to=&fillGaps=`. */
export const seriesQuerySchema = z
  .object({
    region: regionParam,
    metric: metricIdSchema,
    source: surveySourceSchema.optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    fillGaps: z.stringbool().optional(),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, { message: 'from must not be after to', path: ['from'] })
  .refine((query) => query.fillGaps !== true || (query.from !== undefined && query.to !== undefined), {
    message: 'fillGaps needs from and to',
    path: ['fillGaps'],
  })
  .refine(
    (query) =>
      query.fillGaps !== true ||
      query.from === undefined ||
      query.to === undefined ||
      (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 < maxSeriesDays,
    { message: `a gap-filled series covers at most ${maxSeriesDays} days`, path: ['to'] },
  );
