import { canonicalEventSchema, issuesOf, summarizeIssues, type CanonicalEvent, type DlqReasonCode, type Issue, type RawReport } from '@vigia/schemas';
import { readAcledReport } from './mapping/acled-report.ts';
import { buildEvent, type ReportContext } from './mapping/build-event.ts';
import { readCsvReport } from './mapping/csv-report.ts';
import { defaultFutureToleranceMs } from './mapping/dates.ts';
import { readJsonReport } from './mapping/json-report.ts';
import { Problems } from './mapping/problems.ts';
import type { ReportFields } from './mapping/report-fields.ts';
import { NormalizerError } from './normalizer-errors.ts';

/** How reports are judged; every field has a documented default. */
export interface NormalizeOptionsInput {
  /**
   * How far after its report (`reportedAt`, else the envelope's `receivedAt`)
   * an event may be dated before it is `DATE_IN_FUTURE`. Default one day.
   */
  readonly futureToleranceMs?: number;
}

export type NormalizeOptions = Required<NormalizeOptionsInput>;

/** Far above any time-zone or scheduling slack; beyond it the check would no longer protect event time. */
const maxFutureToleranceMs = 31 * 24 * 60 * 60 * 1000;

/** Applies the defaults and checks the ranges once, at start; throws `VIGIA_NORMALIZER_OPTIONS_INVALID`. */
export function compileNormalizeOptions(input: NormalizeOptionsInput = {}): NormalizeOptions {
  const futureToleranceMs = input.futureToleranceMs ?? defaultFutureToleranceMs;
  if (!Number.isSafeInteger(futureToleranceMs) || futureToleranceMs < 0 || futureToleranceMs > maxFutureToleranceMs) {
    throw new NormalizerError(
      'VIGIA_NORMALIZER_OPTIONS_INVALID',
      `futureToleranceMs ${String(futureToleranceMs)} is not a whole number of milliseconds from 0 to ${maxFutureToleranceMs} (31 days)`,
    );
  }
  return Object.freeze({ futureToleranceMs });
}

const defaultOptions = compileNormalizeOptions();

/** A report turned into a canonical event, or the reason it cannot be. */
export type NormalizeOutcome =
  | { readonly ok: true; readonly event: CanonicalEvent }
  | { readonly ok: false; readonly reason: DlqReasonCode; readonly message: string; readonly issues: readonly Issue[] };

function fieldsOf(report: RawReport, problems: Problems): { fields: ReportFields | undefined; pathPrefix: string } {
  const { record } = report;
  if (record.kind === 'json') return { fields: readJsonReport(record.value, problems), pathPrefix: 'record.value' };
  const fields = report.format === 'acled-csv' ? readAcledReport(record.columns, problems) : readCsvReport(record.columns);
  return { fields, pathPrefix: 'record' };
}

/**
 * The canonical event a raw report describes: pure and deterministic (dates
 * are checked against the report's `reportedAt` or the envelope's
 * `receivedAt`, never the clock; `options` from `compileNormalizeOptions`), and it
 * never throws for any input. `key` is the raw record's key, which must be the
 * event id: ingest keys every report by it, so all revisions of an event share
 * a partition of the raw topic and of `vigia.events.v1`.
 */
export function normalizeReport(report: RawReport, key: string | null, options: NormalizeOptions = defaultOptions): NormalizeOutcome {
  const problems = new Problems();
  const { fields, pathPrefix } = fieldsOf(report, problems);
  const context: ReportContext = {
    receivedAt: report.receivedAt,
    publisher: report.source.publisher,
    fallbackEventId: key,
    futureToleranceMs: options.futureToleranceMs,
  };
  const event = fields === undefined ? undefined : buildEvent(fields, context, problems);
  const rejection = problems.toRejection(pathPrefix);
  if (rejection !== undefined) return { ok: false, ...rejection };
  if (event === undefined) {
    return { ok: false, reason: 'PROCESSING_FAILED', message: 'the report was neither mapped nor rejected (normalizer bug)', issues: [] };
  }
  // The contract of vigia.events.v1 has the last word; a miss here is a mapping bug, reported as the schema's issues.
  const checked = canonicalEventSchema.safeParse(event);
  if (!checked.success) {
    const issues = issuesOf(checked.error).map((issue) => ({ ...issue, path: issue.path === '' ? 'event' : `event.${issue.path}` }));
    return { ok: false, reason: 'SCHEMA_INVALID', message: `the mapped event breaks its schema: ${summarizeIssues(issues)}`, issues };
  }
  if (key !== checked.data.eventId) {
    const message =
      `the record key ${JSON.stringify(key)} is not the event id ${JSON.stringify(checked.data.eventId)}: raw records ` +
      'are keyed by event id so that every revision of an event reaches the same partition';
    return { ok: false, reason: 'SCHEMA_INVALID', message, issues: [{ path: 'key', message }] };
  }
  return { ok: true, event: checked.data };
}
