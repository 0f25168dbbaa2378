import { alertEntrySchema, toAlertStateRecord, type AlertEntry } from '@vigia/rules';
import type { AlertStateRecord } from '@vigia/schemas';

export { alertStateKey, cloudEventHeaders, cloudEventTypeOf, contentEventId, encodeTopicValue } from '@vigia/schemas';

/** The `vigia.alert-state.v1` value of an entry, carrying the whole entry so a restart carries on exactly. */
export function toAlertStateRecordOrNull(entry: AlertEntry): AlertStateRecord | null {
  const record = toAlertStateRecord(entry);
  return record === null ? null : { ...record, entry: { ...entry } };
}

/** The engine entry inside a state record, or undefined when it has none or it does not parse. */
export function entryOf(record: AlertStateRecord): AlertEntry | undefined {
  if (record.entry === undefined) return undefined;
  const parsed = alertEntrySchema.safeParse(record.entry);
  return parsed.success ? parsed.data : undefined;
}
