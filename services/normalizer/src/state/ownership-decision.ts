import {
  editorRoles,
  eventOverriddenAtHeader,
  eventOverriddenByHeader,
  eventOwnerHeader,
  ingestKeyRoleHeader,
  maxRevisionStep,
  type CanonicalEvent,
  type EventRecorded,
  type EventRevised,
  type RawFormat,
  type RawReport,
} from '@vigia/schemas';
import { decideRevision } from './revision-decision.ts';

/** Who sent a candidate event: the ingest publisher (API key id or account), its key's role, when ingest received it and in which format. */
export interface Claimant {
  readonly publisher: string;
  readonly role: string | undefined;
  readonly receivedAt: string;
  readonly format: RawFormat;
}

/** The claimant of a raw report; the role comes from the header ingest stamps, absent for file imports. */
export function claimantOf(report: RawReport, headers: Readonly<Record<string, string>>): Claimant {
  return { publisher: report.source.publisher, role: headers[ingestKeyRoleHeader], receivedAt: report.receivedAt, format: report.format };
}

/** Clock skew allowed between ACLED's edit timestamps and our receive time. */
const timestampRevisionSkewSeconds = 86_400;

/**
 * The highest revision a claimant may send. Our formats count revisions, so
 * the next one is at most `maxRevisionStep` ahead; an ACLED row's revision is
 * its edit timestamp (Unix seconds), which cannot be later than when the row
 * reached us (plus a day of clock skew).
 */
function revisionCeiling(current: CanonicalEvent | undefined, claimant: Claimant): { readonly ceiling: number; readonly why: string } {
  if (claimant.format === 'acled-csv') {
    const ceiling = Math.floor(Date.parse(claimant.receivedAt) / 1000) + timestampRevisionSkewSeconds;
    return { ceiling, why: `an ACLED revision is its edit timestamp, at most a day after the row was received (${ceiling})` };
  }
  if (current === undefined) return { ceiling: maxRevisionStep, why: `a new event starts at revision ${maxRevisionStep} at most` };
  return { ceiling: current.revision + maxRevisionStep, why: `revisions advance by ${maxRevisionStep} at most from ${current.revision}` };
}

/** An editor revising another publisher's event: recorded on the change with who and when. */
export interface Override {
  readonly by: string;
  readonly at: string;
  /** The owner whose event was revised; it stays the owner. */
  readonly owner: string;
}

export type OwnedChangeOutcome =
  | {
      readonly kind: 'publish';
      readonly change: EventRecorded | EventRevised;
      /** The owner after this change: the first publisher of the id. */
      readonly owner: string;
      readonly override?: Override;
    }
  | {
      readonly kind: 'reject';
      readonly reason: 'DUPLICATE_REPORT' | 'REVISION_STALE' | 'EVENT_NOT_OWNED' | 'REVISION_JUMP';
      readonly message: string;
    };

/**
 * `decideRevision`, then who may make the change (issue 13: any key holder
 * could take over any event id with revision 2⁵³−1):
 *
 * - a new id belongs to its first publisher;
 * - a revision by another publisher is `EVENT_NOT_OWNED`, unless its key has
 *   an editor role: then it is an override, recorded with who and when;
 * - a revision beyond `revisionCeiling` (more than `maxRevisionStep` past the
 *   latest, or for ACLED rows later than their arrival) is `REVISION_JUMP`;
 * - an id without a known owner (recorded before owners were kept) is claimed
 *   by the publisher that revises it.
 *
 * Duplicates and stale revisions keep their own reasons, whoever sent them:
 * they change nothing. Pure.
 */
export function decideOwnedChange(
  current: CanonicalEvent | undefined,
  owner: string | undefined,
  candidate: CanonicalEvent,
  claimant: Claimant,
): OwnedChangeOutcome {
  const revision = decideRevision(current, candidate);
  if (revision.kind === 'reject') return revision;
  const id = JSON.stringify(candidate.eventId);
  const { ceiling, why } = revisionCeiling(current, claimant);
  const jump = { kind: 'reject', reason: 'REVISION_JUMP', message: `event ${id} revision ${candidate.revision} is too far ahead: ${why}` } as const;
  if (revision.change.type === 'event.recorded') {
    if (candidate.revision > ceiling) return jump;
    return { kind: 'publish', change: revision.change, owner: claimant.publisher };
  }
  const isEditor = claimant.role !== undefined && editorRoles.includes(claimant.role);
  if (owner !== undefined && owner !== claimant.publisher && !isEditor) {
    return {
      kind: 'reject',
      reason: 'EVENT_NOT_OWNED',
      message: `event ${id} belongs to publisher ${JSON.stringify(owner)}; ${JSON.stringify(claimant.publisher)} may not revise it (an editor key may)`,
    };
  }
  if (candidate.revision > ceiling) return jump;
  if (owner === undefined || owner === claimant.publisher) {
    return { kind: 'publish', change: revision.change, owner: owner ?? claimant.publisher };
  }
  return { kind: 'publish', change: revision.change, owner, override: { by: claimant.publisher, at: claimant.receivedAt, owner } };
}

/** The headers that carry ownership on a change record of `vigia.events.v1`. */
export function ownershipHeaders(outcome: { readonly owner: string; readonly override?: Override }): Record<string, string> {
  return {
    [eventOwnerHeader]: outcome.owner,
    ...(outcome.override === undefined ? {} : { [eventOverriddenByHeader]: outcome.override.by, [eventOverriddenAtHeader]: outcome.override.at }),
  };
}
