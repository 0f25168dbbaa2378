/**
 * One record of a simulated stream: the report exactly as a publisher would
 * send it (our JSON shape, `services/normalizer/README.md`), and what the
 * pipeline should make of it — the ground truth tests and demos check against.
 */

/** How a deliberately bad record is broken. */
export const Malformation = {
  /** Not valid JSON (an NDJSON line cut short) or, in CSV, a row with a missing cell. */
  syntax: 'syntax',
  placeUnknown: 'place-unknown',
  unitUnknown: 'unit-unknown',
  dateInvalid: 'date-invalid',
  kindMissing: 'kind-missing',
} as const;
export type Malformation = (typeof Malformation)[keyof typeof Malformation];

/** What the pipeline should do with the record. */
export const Expected = {
  recorded: 'recorded',
  revised: 'revised',
  /** A byte-identical re-send: `DUPLICATE_REPORT`. */
  duplicate: 'duplicate',
  /** Malformed: rejected with `expectedReason(record, format)`. */
  rejected: 'rejected',
} as const;
export type Expected = (typeof Expected)[keyof typeof Expected];

export type ReportKind = 'incident' | 'seizure' | 'cultivation-survey';

export interface ScenarioRecord {
  /** 1-based position in the emitted stream. */
  readonly position: number;
  readonly eventId: string;
  readonly revision: number;
  readonly kind: ReportKind;
  /** Event date (surveys: the publication date), `YYYY-MM-DD`. */
  readonly occurredOn: string;
  /** Arrival time on the scenario's timeline, RFC 3339 in Peru time. */
  readonly arrivesAt: string;
  /** Arrived more than three days after the event. */
  readonly late: boolean;
  readonly expected: Expected;
  readonly malformation?: Malformation;
  /** Id of a public event of the `peru-public` scenario (`huanchaco-coal-2014`…). */
  readonly known?: string;
  /** The report in our JSON shape. A `syntax` record is rendered broken. */
  readonly report: Readonly<Record<string, unknown>>;
}

/** The DLQ reason a rejected or duplicate record gets, by output format; undefined for accepted records. */
export function expectedReason(record: ScenarioRecord, format: 'ndjson' | 'csv'): string | undefined {
  if (record.expected === Expected.duplicate) return 'DUPLICATE_REPORT';
  switch (record.malformation) {
    case undefined:
      return undefined;
    case Malformation.syntax:
      return format === 'csv' ? 'CSV_MALFORMED' : 'JSON_MALFORMED';
    case Malformation.placeUnknown:
      return 'PLACE_UNKNOWN';
    case Malformation.unitUnknown:
      return 'UNIT_UNKNOWN';
    case Malformation.dateInvalid:
      return 'DATE_INVALID';
    case Malformation.kindMissing:
      return 'SCHEMA_INVALID';
  }
}
