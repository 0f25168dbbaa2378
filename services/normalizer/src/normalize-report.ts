import { canonicalEventSchema, issuesOf, summarizeIssues, type CanonicalEvent, type DlqReasonCode, type Issue, type RawReport } from '@vigia/schemas';
import { readAcledReport } from './mapping/acled-report.ts';
import { buildEvent, type ReportContext } from './mapping/build-event.ts';
import { readCsvReport } from './mapping/csv-report.ts';
import { readJsonReport } from './mapping/json-report.ts';
import { Problems } from './mapping/problems.ts';
import type { ReportFields } from './mapping/report-fields.ts';

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
 * are checked against the envelope's `receivedAt`, not the clock), and it
 * never throws for any input. `key` is the raw record's key, which must be the
 * event id: ingest keys every report by it, so all revisions of an event share
 * a partition of the raw topic and of `vigia.events.v1`.
 */
export function normalizeReport(report: RawReport, key: string | null): NormalizeOutcome {
  const problems = new Problems();
  const { fields, pathPrefix } = fieldsOf(report, problems);
  const context: ReportContext = { receivedAt: report.receivedAt, publisher: report.source.publisher, fallbackEventId: key };
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
