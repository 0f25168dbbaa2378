import { z } from 'zod';
import { levelOfRegionCode, ubigeoLevelSchema, ubigeoSchema, zoneCodeSchema } from '../regions.ts';

/**
 * Peru's bounding box, slightly padded (mainland plus the sea off the coast
 * and the border rivers). It rejects swapped or sign-flipped coordinates, the
 * usual data-entry error, without pretending to be a border test.
 */
export const peruBounds = { minLat: -18.5, maxLat: 0.1, minLon: -81.5, maxLon: -68.5 } as const;

export const coordinatesSchema = z
  .object({
    lat: z.number().min(peruBounds.minLat).max(peruBounds.maxLat).describe('Latitude, WGS 84 degrees'),
    lon: z.number().min(peruBounds.minLon).max(peruBounds.maxLon).describe('Longitude, WGS 84 degrees'),
  })
  .describe("WGS 84 point within Peru's bounding box");
export type Coordinates = z.infer<typeof coordinatesSchema>;

/**
 * Where an incident or seizure happened, resolved by the normalizer: the most
 * precise administrative unit the report allows (never a guess), optional
 * coordinates, and the monitoring zone when the report names one.
 */
export const locationSchema = z
  .object({
    ubigeo: ubigeoSchema,
    level: ubigeoLevelSchema.describe('Administrative level the UBIGEO names'),
    coordinates: coordinatesSchema.optional(),
    zone: zoneCodeSchema.optional().describe('Monitoring zone named by the report, if any'),
    placeName: z.string().max(300).optional().describe('Place as written in the report, for people'),
  })
  .refine((location) => levelOfRegionCode(location.ubigeo) === location.level, {
    message: 'ubigeo length does not match level (department DD, province DDPP, district DDPPdd)',
    path: ['ubigeo'],
  });
export type Location = z.infer<typeof locationSchema>;
