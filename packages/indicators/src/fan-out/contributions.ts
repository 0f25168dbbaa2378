import type { CanonicalEvent, Contribution, EventChange } from '@vigia/schemas';
import { placementsOf, type FanOutOptions, type Placement, type TargetRegionsOf } from './placements.ts';

/**
 * What a change asks of the aggregates: the version whose contribution is
 * subtracted and the one whose contribution is added. `revision` is the
 * change's own (the current version's, or the retracted one's).
 */
export interface ChangeParts {
  readonly eventId: string;
  readonly revision: number;
  readonly subtract?: CanonicalEvent;
  readonly add?: CanonicalEvent;
}

/** `event.recorded` adds; `event.revised` subtracts the previous version and adds the current; `event.retracted` subtracts. */
export function partsOfChange(change: EventChange): ChangeParts {
  switch (change.type) {
    case 'event.recorded':
      return { eventId: change.event.eventId, revision: change.event.revision, add: change.event };
    case 'event.revised':
      return { eventId: change.current.eventId, revision: change.current.revision, subtract: change.previous, add: change.current };
    case 'event.retracted':
      return { eventId: change.previous.eventId, revision: change.previous.revision, subtract: change.previous };
  }
}

/**
 * The fan-out (repartition) step: one contribution per target region and day,
 * to be keyed by the target's code. Stateless: it trusts that every change
 * arrives once (use `fanOut` with a `ChangeLedger` to drop duplicates).
 */
export function contributionsOf(change: EventChange, targetRegions: TargetRegionsOf, options: FanOutOptions = {}): Contribution[] {
  return contributionsOfParts(partsOfChange(change), targetRegions, options);
}

/**
 * Contributions of change parts. A revision's subtraction and addition for
 * the same region and day are netted into one contribution with
 * `eventCountDelta: 0` when both versions have the same metric ids (only
 * amounts changed); otherwise the two stay separate (-1 and +1) so every
 * bucket's event count stays exact — e.g. an armed clash reclassified as an
 * ambush leaves the armed-clash bucket and enters the ambush bucket. A netted
 * contribution that changes nothing is not emitted.
 */
export function contributionsOfParts(parts: ChangeParts, targetRegions: TargetRegionsOf, options: FanOutOptions = {}): Contribution[] {
  const subtracted = parts.subtract === undefined ? [] : placementsOf(parts.subtract, targetRegions, options);
  const added = parts.add === undefined ? [] : placementsOf(parts.add, targetRegions, options);
  const addedByKey = new Map(added.map((placement) => [placementKey(placement), placement]));
  const contributions: Contribution[] = [];
  for (const previous of subtracted) {
    const current = addedByKey.get(placementKey(previous));
    if (current !== undefined && sameMetricIds(previous.metrics, current.metrics)) {
      addedByKey.delete(placementKey(previous));
      const deltas = netDeltas(previous.metrics, current.metrics);
      if (Object.keys(deltas).length > 0) contributions.push(contribution(parts, previous, deltas, 0));
    } else {
      contributions.push(contribution(parts, previous, signed(previous.metrics, -1), -1));
    }
  }
  for (const current of addedByKey.values()) contributions.push(contribution(parts, current, signed(current.metrics, 1), 1));
  return contributions;
}

function contribution(parts: ChangeParts, placement: Placement, deltas: Record<string, number>, eventCountDelta: -1 | 0 | 1): Contribution {
  return {
    type: 'contribution.emitted',
    target: placement.target,
    eventId: parts.eventId,
    revision: parts.revision,
    day: placement.day,
    deltas,
    eventCountDelta,
    ...(placement.source === undefined ? {} : { source: placement.source }),
  };
}

function placementKey(placement: Placement): string {
  return `${placement.target.code}|${placement.day}|${placement.source ?? ''}`;
}

function sameMetricIds(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  return a.size === b.size && [...a.keys()].every((id) => b.has(id));
}

function netDeltas(previous: ReadonlyMap<string, number>, current: ReadonlyMap<string, number>): Record<string, number> {
  const deltas: Record<string, number> = {};
  for (const [id, amount] of current) {
    const delta = amount - (previous.get(id) ?? 0);
    if (delta !== 0) deltas[id] = delta;
  }
  return deltas;
}

// `0 - amount`, not `-amount`: JSON has no -0, and a decoded contribution must equal the one produced.
function signed(metrics: ReadonlyMap<string, number>, sign: 1 | -1): Record<string, number> {
  const deltas: Record<string, number> = {};
  for (const [id, amount] of metrics) deltas[id] = sign === 1 ? amount : 0 - amount;
  return deltas;
}

/**
 * The latest daily event day a change carries (either version), which is what
 * it moves the fan-out's watermark to; `undefined` for survey changes, which
 * never move daily time. Computed from the change as read, not from the
 * contributions the ledger lets through, so that the watermark is a function
 * of the input alone.
 */
export function watermarkDayOf(change: EventChange): string | undefined {
  const { subtract, add } = partsOfChange(change);
  let latest: string | undefined;
  for (const version of [subtract, add]) {
    if (version === undefined || version.kind === 'cultivation-survey') continue;
    if (latest === undefined || version.occurredAt > latest) latest = version.occurredAt;
  }
  return latest;
}
