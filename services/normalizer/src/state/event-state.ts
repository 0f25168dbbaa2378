import { decodeTopicValue, type CanonicalEvent } from '@vigia/schemas';

/** An event as restored: still encoded as its `vigia.normalizer.state.v1` value until first asked for. */
export type StoredEvent = CanonicalEvent | Uint8Array;

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
 *
 * A restore installs the state records still encoded: most events are never
 * reported again, so decoding (and validating) one costs only when a report
 * about it arrives. That keeps restart-to-ready within seconds for 10⁶ events.
 */
export class EventState {
  readonly #events: Map<string, StoredEvent>;
  /** The value each key had before the current batch first changed it. */
  #journal: Map<string, StoredEvent | undefined> | undefined;

  /** Takes ownership of `events` (a restore's fresh map). */
  constructor(events: Map<string, StoredEvent> = new Map()) {
    this.#events = events;
  }

  get(eventId: string): CanonicalEvent | undefined {
    const stored = this.#events.get(eventId);
    if (!(stored instanceof Uint8Array)) return stored;
    const decoded = decodeTopicValue('vigia.normalizer.state.v1', stored);
    if (!decoded.ok) {
      // Only the normalizer writes this topic; a value it cannot read is a defect to surface, not an unknown event.
      throw new TypeError(`state record of event ${eventId} does not decode: ${decoded.message}`);
    }
    this.#events.set(eventId, decoded.value.event);
    return decoded.value.event;
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
