import { z } from 'zod';
import { nonNegativeIntSchema, nonNegativeNumberSchema } from '../primitives.ts';
import { eventCommonShape, occurredAtMatchesPrecision, occurredAtPrecisionIssue } from './event-common.ts';
import { incidentTypes } from './incident-types.ts';
import { locationSchema } from './location.ts';

const sideCasualtiesSchema = z.object({
  killed: nonNegativeIntSchema,
  injured: nonNegativeIntSchema,
});

/** Casualties by side; 0 where the report gives none. */
export const casualtiesSchema = z
  .object({
    securityForces: sideCasualtiesSchema.describe('Police and military'),
    civilians: sideCasualtiesSchema,
    armedGroups: sideCasualtiesSchema.describe('Armed groups and criminal organisations'),
  })
  .describe('Killed and injured by side');
export type Casualties = z.infer<typeof casualtiesSchema>;

export const actorKinds = ['police', 'military', 'armed-group', 'criminal-organization', 'civilians', 'other'] as const;
export type ActorKind = (typeof actorKinds)[number];

export const actorSchema = z.object({
  name: z.string().min(1).max(300).describe('e.g. "PNP", "Militarizado Partido Comunista del Perú"'),
  kind: z.enum(actorKinds),
});
export type Actor = z.infer<typeof actorSchema>;

/** A violent or enforcement incident. */
export const incidentSchema = z
  .object({
    kind: z.literal('incident'),
    ...eventCommonShape,
    location: locationSchema,
    incidentType: z.enum(incidentTypes),
    casualties: casualtiesSchema,
    actors: z.array(actorSchema).max(50),
    eradicatedHectares: nonNegativeNumberSchema.optional().describe('Coca eradicated, hectares; only for eradication-operation'),
  })
  .refine((incident) => occurredAtMatchesPrecision(incident.occurredAt, incident.precision), occurredAtPrecisionIssue)
  .refine((i) => i.eradicatedHectares === undefined || i.incidentType === 'eradication-operation', {
    message: 'eradicatedHectares is only allowed on eradication-operation incidents',
    path: ['eradicatedHectares'],
  })
  .meta({ id: 'Incident' });
export type Incident = z.infer<typeof incidentSchema>;
