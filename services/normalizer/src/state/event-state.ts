import type { CanonicalEvent } from '@vigia/schemas';

/**
 * The latest accepted version of every event of one input partition: the
 * normalizer's only state. The raw topic and `vigia.normalizer.state.v1` are
 * keyed by event id with the same partition count, so partition p of the
 * state topic holds exactly the latest versions for the keys of raw
 * partition p, and the state is rebuilt from it when the partition is assigned.
 *
 * Changes made while a batch is handled are journaled, so that a batch whose
 * commit aborts can be undone: its records will be delivered again and must
 * meet the state as it was before them.
 */
export class EventState {
  readonly #events: Map<string, CanonicalEvent>;
  /** The value each key had before the current batch first changed it. */
  #journal: Map<string, CanonicalEvent | undefined> | undefined;

  constructor(events: ReadonlyMap<string, CanonicalEvent> = new Map()) {
    this.#events = new Map(events);
  }

  get(eventId: string): CanonicalEvent | undefined {
    return this.#events.get(eventId);
  }

  /** Records the latest version of an event. */
  set(event: CanonicalEvent): void {
    if (this.#journal !== undefined && !this.#journal.has(event.eventId)) this.#journal.set(event.eventId, this.#events.get(event.eventId));
    this.#events.set(event.eventId, event);
  }

  /** Starts journaling the changes of a batch. */
  beginBatch(): void {
    this.#journal = new Map();
  }

  /** The batch committed: its changes are final. */
  commitBatch(): void {
    this.#journal = undefined;
  }

  /** Undoes every change since `beginBatch`; returns how many events were restored. */
  rollbackBatch(): number {
    const journal = this.#journal;
    this.#journal = undefined;
    if (journal === undefined) return 0;
    for (const [eventId, previous] of journal) {
      if (previous === undefined) this.#events.delete(eventId);
      else this.#events.set(eventId, previous);
    }
    return journal.size;
  }

  /** Events held. */
  get size(): number {
    return this.#events.size;
  }
}
