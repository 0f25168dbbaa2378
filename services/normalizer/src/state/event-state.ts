import { decodeTopicValue, type CanonicalEvent } from '@vigia/schemas';

/** What the normalizer keeps of one event: its latest accepted version and the publisher owning it. */
export interface EventEntry {
  readonly event: CanonicalEvent;
  /**
   * The publisher owning the event id (issue 13). Absent for events recorded
   * before ownership was kept: those are claimed by the next publisher that
   * revises them.
   */
  readonly owner: string | undefined;
}

/** An entry as restored: still encoded as its `vigia.normalizer.state.v1` value until first asked for. */
export type StoredEntry = EventEntry | Uint8Array;

/**
 * The latest accepted version of every event of one input partition and its
 * owner: the normalizer's only state. The raw topic and
 * `vigia.normalizer.state.v1` are keyed by event id with the same partition
 * count, so partition p of the state topic holds exactly the entries for the
 * keys of raw partition p, and the state is rebuilt from it when the
 * partition is assigned.
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
  readonly #entries: Map<string, StoredEntry>;
  /** The entry each key had before the current batch first changed it. */
  #journal: Map<string, StoredEntry | undefined> | undefined;

  /** Takes ownership of `entries` (a restore's fresh map). */
  constructor(entries: Map<string, StoredEntry> = new Map()) {
    this.#entries = entries;
  }

  #entry(eventId: string): EventEntry | undefined {
    const stored = this.#entries.get(eventId);
    if (!(stored instanceof Uint8Array)) return stored;
    const decoded = decodeTopicValue('vigia.normalizer.state.v1', stored);
    if (!decoded.ok) {
      // Only the normalizer writes this topic; a value it cannot read is a defect to surface, not an unknown event.
      throw new TypeError(`state record of event ${eventId} does not decode: ${decoded.message}`);
    }
    const entry: EventEntry = { event: decoded.value.event, owner: decoded.value.owner };
    this.#entries.set(eventId, entry);
    return entry;
  }

  get(eventId: string): CanonicalEvent | undefined {
    return this.#entry(eventId)?.event;
  }

  /** The publisher owning an event id, when known. */
  ownerOf(eventId: string): string | undefined {
    return this.#entry(eventId)?.owner;
  }

  /** Records the latest version of an event and its owner (kept when not given); returns the entry as stored. */
  set(event: CanonicalEvent, owner?: string): EventEntry {
    const previous = this.#entries.get(event.eventId);
    if (this.#journal !== undefined && !this.#journal.has(event.eventId)) this.#journal.set(event.eventId, previous);
    const entry: EventEntry = { event, owner: owner ?? this.ownerOf(event.eventId) };
    this.#entries.set(event.eventId, entry);
    return entry;
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
      if (previous === undefined) this.#entries.delete(eventId);
      else this.#entries.set(eventId, previous);
    }
    return journal.size;
  }

  /** Events held. */
  get size(): number {
    return this.#entries.size;
  }
}
