import { z } from 'zod';
import { canonicalEventSchema } from './canonical-event.ts';

/**
 * The normalizer's state, on compacted `vigia.normalizer.state.v1` keyed by
 * event id: the latest accepted version of each event and the publisher that
 * owns it, which is all the normalizer needs to tell a revision from a
 * duplicate, a stale report or a revision by someone else (issue 13). One
 * value per event after compaction, so a restore reads the live state, not
 * every change ever made.
 */
export const normalizerStateSchema = z.object({
  type: z.literal('event.latest'),
  event: canonicalEventSchema,
  owner: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'The publisher that first sent the event id; it alone may revise the event, an editor may override it. Absent for events recorded before owners were kept',
    ),
});
export type NormalizerState = z.infer<typeof normalizerStateSchema>;
