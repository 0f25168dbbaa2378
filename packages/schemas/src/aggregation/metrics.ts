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

/**
 * The publisher of a survey series (`devida`, `unodc`, `us-ondcp`): surveys of
 * one region from different sources are separate series, never averaged or
 * summed, because each source measures with its own method (for Peru 2020 the
 * US ONDCP estimate is 88,200 ha and DEVIDA's 61,777 ha).
 */
export const surveySourceSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case source slug, e.g. devida, us-ondcp')
  .describe('Survey series: the publishing source as a kebab-case slug, e.g. devida, unodc, us-ondcp');

/** `DEVIDA` → `devida`, `US ONDCP` → `us-ondcp`, `Oficina de Política` → `oficina-de-politica`. */
export function surveySourceOf(sourceName: string): string {
  const slug = sourceName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .join('-')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug.length > 0 ? slug : 'unknown';
}
