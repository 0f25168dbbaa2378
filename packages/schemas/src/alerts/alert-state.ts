import { z } from 'zod';
import { isoDateTimeSchema, nonNegativeIntSchema } from '../primitives.ts';
import { alertSchema } from './alert.ts';

/**
 * The alerter's lifecycle state of one alert, on compacted
 * `vigia.alert-state.v1` keyed `region|fingerprint`. The region prefix
 * co-partitions it with `vigia.indicators.v1`, so the instance that owns a
 * region's indicators also owns its alerts; a tombstone forgets an alert.
 */
export const alertStateRecordSchema = z.object({
  type: z.literal('alert-state.updated'),
  alert: alertSchema,
  breachingSince: isoDateTimeSchema.nullable().describe('Start of the current breach; null when not breaching'),
  consecutiveBreaches: nonNegativeIntSchema,
  lastEvaluatedAt: isoDateTimeSchema,
  lastNotifiedAt: isoDateTimeSchema.nullable(),
});
export type AlertStateRecord = z.infer<typeof alertStateRecordSchema>;
