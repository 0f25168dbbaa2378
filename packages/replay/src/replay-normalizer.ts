import { decideRevision, normalizeReport } from '@vigia/normalizer';
import type { CanonicalEvent, EventChange, RawReport } from '@vigia/schemas';

/**
 * The normalizer's pure core for a replay of files: a raw report becomes a
 * canonical event (`normalizeReport`), a canonical event becomes a change
 * against the latest accepted version of its id (`decideRevision`) — the
 * same decisions the normalizer stage takes. Rejections are counted by
 * reason (the live pipeline would have sent them to the DLQ). Publisher
 * ownership of event ids is not checked: a file has one publisher.
 */
export class ReplayNormalizer {
  readonly #latest = new Map<string, CanonicalEvent>();
  readonly rejected = new Map<string, number>();

  /** The change a raw report makes, or `undefined` when the normalizer would reject it. */
  fromRaw(report: RawReport, key: string | null): EventChange | undefined {
    const outcome = normalizeReport(report, key);
    if (!outcome.ok) return this.#reject(outcome.reason);
    return this.fromEvent(outcome.event);
  }

  /** The change a canonical event makes (recorded, revised), or `undefined` for a duplicate or stale revision. */
  fromEvent(event: CanonicalEvent): EventChange | undefined {
    const decision = decideRevision(this.#latest.get(event.eventId), event);
    if (decision.kind === 'reject') return this.#reject(decision.reason);
    this.#latest.set(event.eventId, event);
    return decision.change;
  }

  /** Counts a record rejected before normalization (unreadable, not a report). */
  reject(reason: string): undefined {
    return this.#reject(reason);
  }

  #reject(reason: string): undefined {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
    return undefined;
  }
}
