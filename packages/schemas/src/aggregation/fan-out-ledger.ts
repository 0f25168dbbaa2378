import { z } from 'zod';
import { identifierSchema, nonNegativeIntSchema } from '../primitives.ts';

/**
 * Days since 1970-01-01 (UTC), the indicator core's day numbers: compact and
 * comparable. Not bounded below, so ledgers keep working for data before 1970.
 */
const dayNumberSchema = z.int().describe('Days since 1970-01-01 (UTC)');

const revisionsSchema = z.array(z.int().min(1)).describe('Revision numbers, in the order they were seen');

/**
 * The aggregator fan-out's duplicate-suppression ledger, on compacted
 * `vigia.aggregator.ledger.v1`: per event, which revisions were added to and
 * subtracted from the aggregates, and from which stream day the entry is
 * forgotten; per partition, the stream day it has reached. A tombstone
 * forgets an evicted entry.
 */
export const fanOutLedgerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ledger.entry'),
    eventId: identifierSchema,
    added: revisionsSchema,
    subtracted: revisionsSchema,
    expiresOnDay: dayNumberSchema.describe('Stream day from which the entry is forgotten'),
  }),
  z.object({
    type: z.literal('ledger.stream-day'),
    streamDay: dayNumberSchema.describe("The partition's stream day: the latest event day its changes carried"),
    partition: nonNegativeIntSchema,
  }),
]);
export type FanOutLedgerRecord = z.infer<typeof fanOutLedgerSchema>;
