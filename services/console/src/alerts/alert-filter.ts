import { ancestors, regionByCode, zoneCode, zoneCodePrefix, zonesContaining } from '@vigia/geo';
import { alertSeverities, alertStates, isoDateTimeSchema, type Alert } from '@vigia/schemas';
import { z } from 'zod';

/** `a,b` or a repeated parameter → a list of allowed values. */
const listOf = <Value extends string>(values: readonly [Value, ...Value[]]) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((raw) =>
      (Array.isArray(raw) ? raw : [raw])
        .flatMap((part) => part.split(','))
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(z.enum(values)));

/**
 * Query parameters of `GET /v1/alerts` and `GET /v1/alerts/stream`; every one
 * narrows the answer. `region` matches the region and everything inside it
 * (a department matches its provinces and districts); `zone` matches the zone
 * and every region the zone contains; `from`/`to` keep alerts active at some
 * instant of the range (started by `to`, not resolved before `from`).
 */
export const alertFilterSchema = z
  .object({
    state: listOf(alertStates).optional(),
    severity: listOf(alertSeverities).optional(),
    region: z
      .string()
      .trim()
      .regex(/^(?:PE|\d{2}|\d{4}|\d{6}|zone:[a-z0-9-]+)$/, 'a region code: PE, a UBIGEO (2, 4 or 6 digits) or zone:<id>')
      .optional(),
    zone: z
      .string()
      .trim()
      .regex(/^(?:zone:)?[a-z0-9-]+$/, 'a zone id such as vraem')
      .transform((zone) => (zone.startsWith(zoneCodePrefix) ? zone : zoneCode(zone)))
      .optional(),
    rule: z.string().trim().min(1).max(100).optional(),
    from: isoDateTimeSchema.optional(),
    to: isoDateTimeSchema.optional(),
  })
  .refine((filter) => filter.from === undefined || filter.to === undefined || Date.parse(filter.from) <= Date.parse(filter.to), {
    message: 'from must not be after to',
    path: ['from'],
  });
export type AlertFilter = z.output<typeof alertFilterSchema>;

export function matchesFilter(alert: Alert, filter: AlertFilter): boolean {
  if (filter.state !== undefined && !filter.state.includes(alert.state)) return false;
  if (filter.severity !== undefined && !filter.severity.includes(alert.severity)) return false;
  if (filter.rule !== undefined && alert.ruleId !== filter.rule) return false;
  if (filter.region !== undefined && !within(alert.region.code, filter.region)) return false;
  if (filter.zone !== undefined && alert.region.code !== filter.zone && !known(alert.region.code, zonesContaining).some((zone) => zone.code === filter.zone))
    return false;
  if (filter.to !== undefined && Date.parse(alert.startsAt) > Date.parse(filter.to)) return false;
  if (filter.from !== undefined && alert.endsAt !== null && Date.parse(alert.endsAt) < Date.parse(filter.from)) return false;
  return true;
}

function within(code: string, container: string): boolean {
  return code === container || known(code, ancestors).some((region) => region.code === container);
}

/** The gazetteer throws for a code it lacks; an alert from a newer gazetteer simply matches nothing. */
function known<T>(code: string, lookup: (code: string) => readonly T[]): readonly T[] {
  return regionByCode(code) === undefined ? [] : lookup(code);
}
