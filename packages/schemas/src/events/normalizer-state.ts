import { z } from 'zod';
import { canonicalEventSchema } from './canonical-event.ts';

/**
 * The normalizer's state, on compacted `vigia.normalizer.state.v1` keyed by
 * event id: the latest accepted version of each event, which is all the
 * normalizer needs to tell a revision from a duplicate or a stale report. One
 * value per event after compaction, so a restore reads the live state, not
 * every change ever made.
 */
export const normalizerStateSchema = z.object({
  type: z.literal('event.latest'),
  event: canonicalEventSchema,
});
export type NormalizerState = z.infer<typeof normalizerStateSchema>;
