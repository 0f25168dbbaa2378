import { z } from 'zod';
import { isoDateTimeSchema } from '../primitives.ts';
import { canonicalEventSchema, type CanonicalEvent } from './canonical-event.ts';

/**
 * What `vigia.events.v1` carries: changes, not bare events. A revision travels
 * with the version it replaces so the aggregator can subtract the old
 * contribution and add the new one without remembering every event it has
 * seen (the changelog-of-changes idea of Kafka Streams' `KTable` updates).
 */

/** The first accepted revision of an event. */
export const eventRecordedSchema = z.object({
  type: z.literal('event.recorded'),
  event: canonicalEventSchema,
});

/** A later revision replacing the one downstream stages last saw. */
export const eventRevisedSchema = z
  .object({
    type: z.literal('event.revised'),
    previous: canonicalEventSchema.describe('The revision being replaced, exactly as last published'),
    current: canonicalEventSchema,
  })
  .refine((change) => change.current.eventId === change.previous.eventId, {
    message: 'previous and current must have the same eventId',
    path: ['current', 'eventId'],
  })
  .refine((change) => change.current.revision > change.previous.revision, {
    message: 'current.revision must be higher than previous.revision',
    path: ['current', 'revision'],
  });

/** An event withdrawn (duplicate, hoax, merged into another): its contribution must be subtracted. */
export const eventRetractedSchema = z.object({
  type: z.literal('event.retracted'),
  previous: canonicalEventSchema.describe('The last published revision, now withdrawn'),
  retractedAt: isoDateTimeSchema,
  reason: z.string().min(1).max(2000),
  duplicateOf: z.string().max(128).optional().describe('eventId of the event this one duplicated'),
});

export const eventChangeTypes = ['event.recorded', 'event.revised', 'event.retracted'] as const;
export type EventChangeType = (typeof eventChangeTypes)[number];

export const eventChangeSchema = z.discriminatedUnion('type', [eventRecordedSchema, eventRevisedSchema, eventRetractedSchema]);
export type EventChange = z.infer<typeof eventChangeSchema>;
export type EventRecorded = z.infer<typeof eventRecordedSchema>;
export type EventRevised = z.infer<typeof eventRevisedSchema>;
export type EventRetracted = z.infer<typeof eventRetractedSchema>;

/** The event a change is about; its id is the record key. */
export function eventIdOfChange(change: EventChange): string {
  switch (change.type) {
    case 'event.recorded':
      return change.event.eventId;
    case 'event.revised':
      return change.current.eventId;
    case 'event.retracted':
      return change.previous.eventId;
  }
}

/** The version that is current after the change (`undefined` once retracted). */
export function currentEventOfChange(change: EventChange): CanonicalEvent | undefined {
  if (change.type === 'event.recorded') return change.event;
  if (change.type === 'event.revised') return change.current;
  return undefined;
}
