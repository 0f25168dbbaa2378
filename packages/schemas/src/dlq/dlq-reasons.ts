/**
 * Why a record went to the DLQ. Stages pick one of these codes; operators see
 * the description, counters in `/metrics` are labelled by the code. A new
 * reason is an addition here (a new enum value is a compatible change for
 * readers that treat unknown reasons as opaque).
 */
export const dlqReasonCodes = {
  JSON_MALFORMED: 'The payload is not valid UTF-8 JSON.',
  CSV_MALFORMED: 'A CSV row could not be parsed (quoting, column count, encoding).',
  SCHEMA_INVALID: 'The value does not match the schema of its topic; see issues for the fields.',
  CLOUDEVENT_INVALID: 'CloudEvents headers are missing or invalid.',
  VALUE_MISSING: 'The record has no value (tombstone) on a topic that needs one.',
  PLACE_UNKNOWN: 'The place could not be resolved to a UBIGEO district, province, department or zone.',
  PLACE_AMBIGUOUS:
    'The place name matches several regions (for a survey, also a zone and a place of the same name); qualify it with ' +
    'its province or department, or name the zone in the zone field.',
  UNIT_UNKNOWN: 'The quantity unit is unknown or cannot be converted to the canonical unit.',
  QUANTITY_INVALID: 'The quantity is negative, not a number or implausible for the substance.',
  DATE_INVALID: 'The date is missing, malformed, impossible or before the records begin.',
  DATE_IN_FUTURE: 'The date is after the time the record was reported (its reportedAt, else its receive time) by more than the tolerance.',
  REVISION_STALE: 'A newer revision of this event was already accepted; this one is older or equal.',
  EVENT_NOT_OWNED: 'The event id belongs to another publisher; only it, or a key with the editor role, may revise the event.',
  REVISION_JUMP:
    'The revision jumps too far: more than 100 past the latest accepted one (a new event: above 100), or an ACLED edit timestamp after the row arrived.',
  DUPLICATE_REPORT: 'The same report was already accepted (same source reference and content).',
  PROCESSING_FAILED: 'An unexpected error occurred while processing the record; see message.',
} as const;

export type DlqReasonCode = keyof typeof dlqReasonCodes;

export const dlqReasonCodeList = Object.keys(dlqReasonCodes) as DlqReasonCode[];

export function isDlqReasonCode(code: string): code is DlqReasonCode {
  return Object.hasOwn(dlqReasonCodes, code);
}
