import type { CanonicalEvent, Contribution, EventChange } from '@vigia/schemas';
import { MetricKind } from '../metrics/metric-catalogue.ts';
import { addToIndex, recordUndo, removeFromIndex, setEntry, type Transactional } from '../state/journal.ts';
import { dayNumberOf, type DayNumber } from '../time/days.ts';
import { compileRetention, expiryDay, type Retention, type RetentionOptions } from '../time/retention.ts';
import { contributionsOfParts, partsOfChange, type ChangeParts } from './contributions.ts';
import type { FanOutOptions, TargetRegionsOf } from './placements.ts';

/**
 * Duplicate suppression for the fan-out, keyed by event id — the key of
 * `vigia.events.v1`, so an event's ledger entry lives on the partition that
 * sees all its changes. In a valid history each revision is added once and
 * subtracted (replaced or retracted) at most once, and the event must end up
 * counted as the revisions added and not subtracted — its latest revision, or
 * nothing once retracted. An entry therefore remembers only which revision
 * numbers were seen added and which seen subtracted, and a change's half is
 * applied only if it moves a revision into or out of "counted":
 *
 * - adding a revision seen before (added or already subtracted) does nothing —
 *   a duplicate, or the answer to a subtraction that came first;
 * - subtracting a revision never added does nothing but is remembered, so a
 *   late addition of it is ignored; a replay that starts after an event's
 *   first revision therefore counts the revision it sees, never a negative.
 *
 * Any arrival order of an event's changes, with any duplicates, ends with
 * exactly the surviving revision counted, and no bucket is ever driven below
 * zero. A fork (two revisions replacing the same one) cannot be repaired this
 * way; the normalizer never produces one.
 *
 * Entries are evicted with the retention of the aggregation state: once every
 * version's day is older than the aggregator keeps, the aggregator ignores it
 * anyway. Mutated in place; see `journal.ts` for transactions.
 */
export interface ChangeLedger extends Transactional {
  readonly retention: Retention;
  /** Max event day seen in changes on this partition. */
  streamDay: DayNumber | undefined;
  readonly entries: Map<string, LedgerEntry>;
  /** Expiry day → event ids, to evict without scanning. */
  readonly expiring: Map<DayNumber, Set<string>>;
}

/** What the ledger knows of one event; plain data, so a shell can persist it. */
export interface LedgerEntry {
  readonly added: readonly number[];
  readonly subtracted: readonly number[];
  /** Stream day from which the entry is forgotten. */
  readonly expiresOn: DayNumber;
}

export function createChangeLedger(options: RetentionOptions = {}): ChangeLedger {
  return { retention: compileRetention(options), streamDay: undefined, entries: new Map(), expiring: new Map(), journal: undefined };
}

/**
 * Advances the ledger's stream time to the change's latest day, then returns
 * the parts of the change to apply (see above). Versions already older than
 * the retention are neither applied nor remembered (the aggregator ignores them).
 */
export function admitChange(ledger: ChangeLedger, change: EventChange): ChangeParts {
  const parts = partsOfChange(change);
  // Only daily events move time: a survey's 1 January is an annual figure's label, not an event day.
  const daily = [parts.subtract, parts.add].filter((version) => version !== undefined && version.kind !== 'cultivation-survey');
  if (daily.length > 0) advanceLedger(ledger, Math.max(...daily.map((version) => dayNumberOf(version!.occurredAt))));
  const entry = ledger.entries.get(parts.eventId) ?? { added: [], subtracted: [], expiresOn: Number.NEGATIVE_INFINITY };
  const subtractSeen = unseen(ledger, parts.subtract, entry.subtracted);
  const addSeen = unseen(ledger, parts.add, entry.added);
  const admitted: ChangeParts = {
    eventId: parts.eventId,
    revision: parts.revision,
    ...(subtractSeen !== undefined && entry.added.includes(subtractSeen.revision) ? { subtract: subtractSeen } : {}),
    ...(addSeen !== undefined && !entry.subtracted.includes(addSeen.revision) ? { add: addSeen } : {}),
  };
  if (subtractSeen === undefined && addSeen === undefined) return admitted;
  const seen = [subtractSeen, addSeen].filter((version) => version !== undefined);
  const next: LedgerEntry = {
    added: addSeen === undefined ? entry.added : [...entry.added, addSeen.revision],
    subtracted: subtractSeen === undefined ? entry.subtracted : [...entry.subtracted, subtractSeen.revision],
    expiresOn: Math.max(entry.expiresOn, ...seen.map((version) => expiryOf(ledger, version))),
  };
  removeFromIndex(ledger, ledger.expiring, entry.expiresOn, parts.eventId);
  setEntry(ledger, ledger.entries, parts.eventId, next);
  addToIndex(ledger, ledger.expiring, next.expiresOn, parts.eventId);
  return admitted;
}

/** `admitChange` then `contributionsOfParts`: the fan-out with duplicates removed. */
export function fanOut(ledger: ChangeLedger, change: EventChange, targetRegions: TargetRegionsOf, options: FanOutOptions = {}): Contribution[] {
  return contributionsOfParts(admitChange(ledger, change), targetRegions, options);
}

/** Moves the ledger's stream time forward (never back) and forgets expired entries; returns how many. */
export function advanceLedger(ledger: ChangeLedger, day: DayNumber): number {
  const from = ledger.streamDay;
  if (from !== undefined && day <= from) return 0;
  recordUndo(ledger, () => (ledger.streamDay = from));
  ledger.streamDay = day;
  if (from === undefined) return 0;
  let evicted = 0;
  const expiryDays = day - from <= ledger.expiring.size ? range(from + 1, day) : [...ledger.expiring.keys()].filter((d) => d > from && d <= day);
  for (const expiry of expiryDays) {
    for (const eventId of ledger.expiring.get(expiry) ?? []) {
      setEntry(ledger, ledger.entries, eventId, undefined);
      evicted += 1;
    }
    setEntry(ledger, ledger.expiring, expiry, undefined);
  }
  return evicted;
}

/** The version if this half of it was not seen before and its day is still retained. */
function unseen(ledger: ChangeLedger, version: CanonicalEvent | undefined, seen: readonly number[]): CanonicalEvent | undefined {
  if (version === undefined || seen.includes(version.revision)) return undefined;
  return ledger.streamDay !== undefined && expiryOf(ledger, version) <= ledger.streamDay ? undefined : version;
}

function expiryOf(ledger: ChangeLedger, version: CanonicalEvent): DayNumber {
  const kind = version.kind === 'cultivation-survey' ? MetricKind.survey : MetricKind.daily;
  return expiryDay(kind, dayNumberOf(version.occurredAt), ledger.retention);
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
}

/**
 * Rebuilds a ledger from entries a shell persisted (e.g. on its own compacted
 * topic keyed by event id) and the stream day it had reached.
 */
export function restoreChangeLedger(
  entries: Iterable<readonly [eventId: string, entry: LedgerEntry]>,
  streamDay: DayNumber | undefined,
  options: RetentionOptions = {},
): ChangeLedger {
  const ledger = createChangeLedger(options);
  ledger.streamDay = streamDay;
  for (const [eventId, entry] of entries) {
    if (streamDay !== undefined && entry.expiresOn <= streamDay) continue;
    ledger.entries.set(eventId, entry);
    addToIndex(ledger, ledger.expiring, entry.expiresOn, eventId);
  }
  return ledger;
}
