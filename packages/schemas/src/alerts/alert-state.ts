import { z } from 'zod';
import { isoDateTimeSchema, nonNegativeIntSchema } from '../primitives.ts';
import { alertActionSchema } from './alert-actions.ts';
import { alertSchema } from './alert.ts';

/**
 * The alerter's lifecycle state of one alert, on compacted
 * `vigia.alert-state.v1` keyed `region|fingerprint`. The region prefix
 * co-partitions it with `vigia.indicators.v2`, so the instance that owns a
 * region's indicators also owns its alerts; a tombstone forgets an alert.
 */
export const alertStateRecordSchema = z.object({
  type: z.literal('alert-state.updated'),
  alert: alertSchema,
  breachingSince: isoDateTimeSchema.nullable().describe('Start of the current breach; null when not breaching'),
  consecutiveBreaches: nonNegativeIntSchema,
  lastEvaluatedAt: isoDateTimeSchema,
  lastNotifiedAt: isoDateTimeSchema.nullable(),
  // Added compatibly (optional): the lifecycle fields above are not enough to carry on after a
  // restart — cooldown start, previous-year memory, EWMA baselines and report days live here.
  entry: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      "The alerter engine's full entry for this alert (@vigia/rules AlertEntry: lifecycle, cooldown start, " +
        'previous-period memory, baseline, report days), read back on restore. Internal to the alerter; ' +
        'other consumers should use the fields above.',
    ),
});
export type AlertStateRecord = z.infer<typeof alertStateRecordSchema>;

/**
 * The alerter's control log, `vigia.alerter.jobs.v1`: cron slots and operator
 * actions routed to every alert-evaluating partition, and the claims that make
 * a scheduled job run once per slot across instances and restarts.
 */
export const alerterJobSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('tick.requested'),
    slot: isoDateTimeSchema.describe('Wall-clock instant of the cron slot; the engine runs its timers at it'),
  }),
  z.object({
    type: z.literal('job.requested'),
    job: z.string().min(1).max(100),
    slot: isoDateTimeSchema.describe('Instant of the cron slot; a slot at or before the last completed one is skipped'),
  }),
  z.object({
    type: z.literal('job.completed'),
    job: z.string().min(1).max(100),
    slot: isoDateTimeSchema,
  }),
  z.object({
    type: z.literal('action.forwarded'),
    actionsOffset: nonNegativeIntSchema.describe('Offset of the action on vigia.alert-actions.v1'),
    action: alertActionSchema,
  }),
]);
export type AlerterJob = z.infer<typeof alerterJobSchema>;
