import { z } from 'zod';

/**
 * Metric ids are dotted lower-case words (`incidents.count`,
 * `seizures.cocaine-hydrochloride.kg`, `cultivation.coca.ha`). The catalogue of
 * metrics belongs to `@vigia/indicators`; the contract only fixes the format,
 * which keeps `|` (the key separator) out of them.
 */
const metricIdPattern = /^[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\.[a-z0-9]+(?:[-_][a-z0-9]+)*)*$/;

export const metricIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(metricIdPattern, 'dotted lower-case words, e.g. incidents.count')
  .describe('Metric id, dotted lower-case words, e.g. seizures.cocaine-hydrochloride.kg');

/**
 * Trailing windows over daily buckets, ending on `asOf`; `annual` is the
 * calendar year containing `asOf` (surveys are yearly figures).
 */
export const indicatorWindows = ['7d', '30d', '90d', '365d', 'annual'] as const;
export type IndicatorWindow = (typeof indicatorWindows)[number];
export const indicatorWindowSchema = z.enum(indicatorWindows);
