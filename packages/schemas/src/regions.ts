import { z } from 'zod';

/**
 * Region references shared by events, indicators and alerts. Codes follow
 * `@vigia/geo`: INEI UBIGEO for the administrative levels (department `DD`,
 * province `DDPP`, district `DDPPdd`), `zone:<id>` for monitoring zones and
 * `PE` for the nation. The code alone identifies a region — the formats of the
 * levels never overlap — so it can be a key or a key prefix on its own.
 */

export const regionLevels = ['district', 'province', 'department', 'zone', 'national'] as const;
export type RegionLevel = (typeof regionLevels)[number];
export const regionLevelSchema = z.enum(regionLevels);

/** The administrative levels a UBIGEO code can name. */
export const ubigeoLevels = ['district', 'province', 'department'] as const;
export type UbigeoLevel = (typeof ubigeoLevels)[number];
export const ubigeoLevelSchema = z.enum(ubigeoLevels);

export const nationalRegionCode = 'PE';

const ubigeoPatterns: Readonly<Record<UbigeoLevel, RegExp>> = {
  department: /^(0[1-9]|1\d|2[0-5])$/,
  province: /^(0[1-9]|1\d|2[0-5])\d\d$/,
  district: /^(0[1-9]|1\d|2[0-5])\d{4}$/,
};

const zoneCodePattern = /^zone:[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** INEI UBIGEO of a department (2 digits), province (4) or district (6); departments 01–25. */
export const ubigeoSchema = z
  .string()
  .regex(/^(0[1-9]|1\d|2[0-5])(\d\d){0,2}$/, 'INEI UBIGEO: 2 (department), 4 (province) or 6 (district) digits')
  .describe('INEI UBIGEO code: DD (department), DDPP (province) or DDPPdd (district)');

/** Monitoring zone code, `zone:` + kebab-case id (`zone:vraem`). */
export const zoneCodeSchema = z
  .string()
  .max(72)
  .regex(zoneCodePattern, 'zone:<kebab-case id>, e.g. zone:vraem')
  .describe('Monitoring zone code, zone:<kebab-case id>');

/** Any region code: UBIGEO, zone code or `PE`. */
export const regionCodeSchema = z
  .string()
  .max(72)
  .refine((code) => levelOfRegionCode(code) !== undefined, 'UBIGEO (DD, DDPP, DDPPdd), zone:<id> or PE')
  .describe('Region code: INEI UBIGEO (DD, DDPP, DDPPdd), zone:<id> or PE');

/** The level a code's format implies, or `undefined` when it is no region code. */
export function levelOfRegionCode(code: string): RegionLevel | undefined {
  if (code === nationalRegionCode) return 'national';
  if (zoneCodePattern.test(code)) return 'zone';
  for (const level of ubigeoLevels) if (ubigeoPatterns[level].test(code)) return level;
  return undefined;
}

/** A region as `{ code, level }`, the code's format agreeing with the level. */
export const regionRefSchema = z
  .object({
    code: regionCodeSchema,
    level: regionLevelSchema,
  })
  .refine((region) => levelOfRegionCode(region.code) === region.level, {
    message: 'code does not match level (department DD, province DDPP, district DDPPdd, zone:<id>, national PE)',
    path: ['code'],
  });
export type RegionRef = z.infer<typeof regionRefSchema>;

/** A region with its display name, for alerts and digests read by people. */
export const namedRegionSchema = z
  .object({
    code: regionCodeSchema,
    level: regionLevelSchema,
    name: z.string().min(1).max(200),
  })
  .refine((region) => levelOfRegionCode(region.code) === region.level, {
    message: 'code does not match level',
    path: ['code'],
  });
export type NamedRegion = z.infer<typeof namedRegionSchema>;
