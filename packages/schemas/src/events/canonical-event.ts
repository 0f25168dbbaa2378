import { z } from 'zod';
import { cultivationSurveySchema } from './cultivation-survey.ts';
import { incidentSchema } from './incident.ts';
import { seizureSchema } from './seizure.ts';

export const canonicalEventKinds = ['incident', 'seizure', 'cultivation-survey'] as const;
export type CanonicalEventKind = (typeof canonicalEventKinds)[number];

/** One revision of a canonical event, discriminated on `kind`. */
export const canonicalEventSchema = z
  .discriminatedUnion('kind', [incidentSchema, seizureSchema, cultivationSurveySchema])
  // A named $def in the JSON Schemas: the change types embed it up to twice.
  .meta({ id: 'CanonicalEvent', description: 'One revision of an incident, seizure or cultivation survey' });
export type CanonicalEvent = z.infer<typeof canonicalEventSchema>;
