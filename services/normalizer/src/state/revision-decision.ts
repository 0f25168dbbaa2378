import type { CanonicalEvent, EventRecorded, EventRevised } from '@vigia/schemas';

/**
 * What to do with a candidate event given the latest accepted version of its
 * id. Pure: the same inputs always give the same outcome.
 *
 * - no version yet → `event.recorded`;
 * - a higher revision → `event.revised`, carrying the version it replaces;
 * - the same revision with the same content → a re-sent report, `DUPLICATE_REPORT`;
 * - anything else (lower revision, or same revision with other content) → `REVISION_STALE`.
 */
export type RevisionOutcome =
  | { readonly kind: 'publish'; readonly change: EventRecorded | EventRevised }
  | { readonly kind: 'reject'; readonly reason: 'DUPLICATE_REPORT' | 'REVISION_STALE'; readonly message: string };

export function decideRevision(current: CanonicalEvent | undefined, candidate: CanonicalEvent): RevisionOutcome {
  if (current === undefined) return { kind: 'publish', change: { type: 'event.recorded', event: candidate } };
  if (candidate.revision > current.revision) {
    return { kind: 'publish', change: { type: 'event.revised', previous: current, current: candidate } };
  }
  const id = JSON.stringify(candidate.eventId);
  if (candidate.revision === current.revision && sameContent(current, candidate)) {
    return { kind: 'reject', reason: 'DUPLICATE_REPORT', message: `event ${id} revision ${candidate.revision} was already accepted with the same content` };
  }
  const message =
    candidate.revision === current.revision
      ? `event ${id} revision ${candidate.revision} was already accepted with other content; send the correction as revision ${current.revision + 1}`
      : `event ${id} is already at revision ${current.revision}; revision ${candidate.revision} is older`;
  return { kind: 'reject', reason: 'REVISION_STALE', message };
}

/**
 * Same report, whenever it was sent: every field but `reportedAt`, which
 * defaults to the time ingest received the report and so differs between
 * re-sends of one report.
 */
export function sameContent(a: CanonicalEvent, b: CanonicalEvent): boolean {
  return canonicalJson({ ...a, reportedAt: '' }) === canonicalJson({ ...b, reportedAt: '' });
}

/** JSON with object keys sorted, so that key order never makes two equal events differ. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const name of Object.keys(inner).sort()) sorted[name] = (inner as Record<string, unknown>)[name];
    return sorted;
  });
}
