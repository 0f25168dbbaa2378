import {
  canonicalEventKinds,
  confidenceLevels,
  identifierSchema,
  sourceKinds,
  type CanonicalEvent,
  type CanonicalEventKind,
  type DatePrecision,
  type EventSource,
} from '@vigia/schemas';
import { readIncident, readSeizure, readSurvey } from './build-kinds.ts';
import { readOccurredAt, readPrecision, readReportedAt, readSurveyYear, type DateReading } from './dates.ts';
import { isBlank, readChoice, readText } from './fields.ts';
import { describeInput, readNumber } from './numbers.ts';
import type { MappingReason, Problems } from './problems.ts';
import type { ReportFields } from './report-fields.ts';
import { confidenceWords, kindWords, sourceKindWords } from './vocabulary.ts';

/** What a report is read against: its envelope, never the wall clock. */
export interface ReportContext {
  /** The envelope's `receivedAt`: dates after it are in the future. */
  readonly receivedAt: string;
  /** Who submitted it; the event's source when the report names none. */
  readonly publisher: string;
  /** The event id when the report has none: the raw record's key (ingest derives it from the content). */
  readonly fallbackEventId: string | null;
  /** How far after its report an event may be dated (`defaultFutureToleranceMs`). */
  readonly futureToleranceMs: number;
}

function dateReason(reading: Extract<DateReading<unknown>, { ok: false }>): MappingReason {
  return reading.problem === 'future' ? 'DATE_IN_FUTURE' : 'DATE_INVALID';
}

/** The fields every kind of event has, read and checked. */
export interface CommonFields {
  readonly eventId: string;
  readonly revision: number;
  readonly occurredAt: string;
  readonly precision: DatePrecision;
  readonly reportedAt: string;
  readonly source: EventSource;
  readonly confidence: 'low' | 'medium' | 'high';
  readonly notes?: string;
}

/** Revisions are counts, but ACLED's are its edit timestamps in seconds; both fit a safe integer. */
const maxRevision = Number.MAX_SAFE_INTEGER;

function readEventId(fields: ReportFields, context: ReportContext, problems: Problems): string | undefined {
  const given = readText(fields.eventId, problems, { maxChars: 128 });
  const id = given ?? context.fallbackEventId ?? undefined;
  if (id === undefined) {
    problems.add('SCHEMA_INVALID', fields.eventId.path, 'the report has no event id, and its record no key to use instead');
    return undefined;
  }
  if (!identifierSchema.safeParse(id).success) {
    problems.add('SCHEMA_INVALID', fields.eventId.path, `${describeInput(id)} is not an event id: letters, digits and . _ : @ / - only, at most 128`);
    return undefined;
  }
  return id;
}

function readRevision(fields: ReportFields, problems: Problems): number | undefined {
  if (isBlank(fields.revision.value)) return 1;
  const number = readNumber(fields.revision.value);
  if (!number.ok || !Number.isInteger(number.value) || number.value < 1 || number.value > maxRevision) {
    problems.add('SCHEMA_INVALID', fields.revision.path, `${describeInput(fields.revision.value)} is not a revision: a whole number from 1`);
    return undefined;
  }
  return number.value;
}

function readSource(fields: ReportFields, context: ReportContext, problems: Problems): EventSource | undefined {
  const { source } = fields;
  const name = readText(source.name, problems, { maxChars: 200 }) ?? context.publisher.slice(0, 200);
  const kind = readChoice(source.kind, sourceKindWords, sourceKinds, problems) ?? (isBlank(source.kind.value) ? 'other' : undefined);
  const reference = readText(source.reference, problems, { maxChars: 500 });
  if (kind === undefined) return undefined;
  return { name, kind, ...(reference === undefined ? {} : { reference }) };
}

/** Reads the fields common to every kind; problems are collected, nothing throws. */
function readCommon(fields: ReportFields, kind: CanonicalEventKind | undefined, context: ReportContext, problems: Problems): CommonFields | undefined {
  const eventId = readEventId(fields, context, problems);
  const revision = readRevision(fields, problems);
  const precisionGiven = readPrecision(fields.precision.value);
  if (precisionGiven === 'invalid') {
    problems.add('SCHEMA_INVALID', fields.precision.path, `${describeInput(fields.precision.value)} is not a precision: day, month or year`);
  }
  const precision = precisionGiven === 'invalid' ? undefined : precisionGiven;
  // The report's own time first: the event's date is judged against it (or against receivedAt when it is absent or
  // refused). That one check also refuses a report sent before its event, beyond the tolerance.
  const reported = readReportedAt(fields.reportedAt.value, context.receivedAt);
  if (!reported.ok) problems.add(dateReason(reported), fields.reportedAt.path, reported.message);
  const reportedAt = reported.ok ? reported.value : context.receivedAt;
  let occurred: { occurredAt: string; precision: DatePrecision } | undefined;
  if (kind === 'cultivation-survey') {
    occurred = readYear(fields, reportedAt, problems);
  } else {
    const reading = readOccurredAt(fields.occurredAt.value, precision, { reportedAt, futureToleranceMs: context.futureToleranceMs });
    if (reading.ok) occurred = reading.value;
    else problems.add(isBlank(fields.occurredAt.value) ? 'SCHEMA_INVALID' : dateReason(reading), fields.occurredAt.path, reading.message);
  }
  const source = readSource(fields, context, problems);
  const confidence = readChoice(fields.confidence, confidenceWords, confidenceLevels, problems) ?? (isBlank(fields.confidence.value) ? 'medium' : undefined);
  const notes = readText(fields.notes, problems, { maxChars: 10_000, truncate: true });
  if (eventId === undefined || revision === undefined || occurred === undefined || !reported.ok || source === undefined || confidence === undefined) {
    return undefined;
  }
  return { eventId, revision, ...occurred, reportedAt: reported.value, source, confidence, ...(notes === undefined ? {} : { notes }) };
}

/**
 * A survey is dated to its year: `year`, or the year of `occurredAt`. Its
 * canonical `occurredAt` is `<year>-01-01` with precision `year`; the year may
 * not be after the year of the report.
 */
function readYear(fields: ReportFields, reportedAt: string, problems: Problems): { occurredAt: string; precision: DatePrecision } | undefined {
  const input = isBlank(fields.survey.year.value) ? fields.occurredAt : fields.survey.year;
  if (isBlank(input.value)) {
    problems.add('SCHEMA_INVALID', fields.survey.year.path, 'the survey year is missing');
    return undefined;
  }
  const reading = readSurveyYear(input.value, reportedAt);
  if (!reading.ok) {
    problems.add(dateReason(reading), input.path, reading.message);
    return undefined;
  }
  if (reading.value.occurredAt < '1990-01-01') {
    problems.add('DATE_INVALID', input.path, 'coca cultivation surveys begin in 1990');
    return undefined;
  }
  return reading.value;
}

/** Builds the canonical event a report describes, or `undefined` with the reasons in `problems`. */
export function buildEvent(fields: ReportFields, context: ReportContext, problems: Problems): CanonicalEvent | undefined {
  const kind = readChoice(fields.kind, kindWords, canonicalEventKinds, problems, { required: true });
  const common = readCommon(fields, kind, context, problems);
  switch (kind) {
    case 'incident':
      return readIncident(fields, common, problems);
    case 'seizure':
      return readSeizure(fields, common, problems);
    case 'cultivation-survey':
      return readSurvey(fields, common, problems);
    case undefined:
      return undefined;
  }
}
