import type { CanonicalEvent } from '@vigia/schemas';

/**
 * The latest accepted version of every event, per input partition: the
 * normalizer's only state. The raw topic and `vigia.events.v1` are keyed by
 * event id with the same partition count, so partition p of the canonical
 * topic holds exactly the latest versions for the keys of raw partition p, and
 * a partition's state is rebuilt from it when the partition is assigned.
 *
 * Changes made while a batch is handled are journaled, so that a batch whose
 * commit aborts can be undone: its records will be delivered again and must
 * meet the state as it was before them.
 */
export class EventState {
  readonly #partitions = new Map<number, Map<string, CanonicalEvent>>();
  /**
   * Per partition, the publisher owning each event id (issue 13). Absent for
   * events recorded before ownership was kept: those are claimed by the next
   * publisher that revises them.
   */
  readonly #owners = new Map<number, Map<string, string>>();
  /** Per partition, the value and owner each key had before the current batch first changed it. */
  readonly #journals = new Map<number, Map<string, { event: CanonicalEvent | undefined; owner: string | undefined }>>();

  /** Whether the partition's state was restored (and not dropped since). */
  has(partition: number): boolean {
    return this.#partitions.has(partition);
  }

  /** Installs a partition's restored state, replacing whatever was there. */
  install(partition: number, events: ReadonlyMap<string, CanonicalEvent>, owners: ReadonlyMap<string, string> = new Map()): void {
    this.#partitions.set(partition, new Map(events));
    this.#owners.set(partition, new Map(owners));
    this.#journals.delete(partition);
  }

  /** Forgets a partition this instance no longer owns. */
  drop(partition: number): void {
    this.#partitions.delete(partition);
    this.#owners.delete(partition);
    this.#journals.delete(partition);
  }

  get(partition: number, eventId: string): CanonicalEvent | undefined {
    return this.#partitions.get(partition)?.get(eventId);
  }

  /** The publisher owning an event id, when known. */
  ownerOf(partition: number, eventId: string): string | undefined {
    return this.#owners.get(partition)?.get(eventId);
  }

  /** Records the latest version of an event and its owner (kept when not given); the partition must have been installed. */
  set(partition: number, event: CanonicalEvent, owner?: string): void {
    const events = this.#partitions.get(partition);
    const owners = this.#owners.get(partition);
    if (events === undefined || owners === undefined) throw new RangeError(`partition ${partition} has no state; install it first`);
    const journal = this.#journals.get(partition);
    if (journal !== undefined && !journal.has(event.eventId)) {
      journal.set(event.eventId, { event: events.get(event.eventId), owner: owners.get(event.eventId) });
    }
    events.set(event.eventId, event);
    if (owner !== undefined) owners.set(event.eventId, owner);
  }

  /** Starts journaling the changes of a batch of the partition (the previous batch is final). */
  beginBatch(partition: number): void {
    this.#journals.set(partition, new Map());
  }

  /** Undoes every change since `beginBatch`; returns how many events were restored. */
  rollbackBatch(partition: number): number {
    const journal = this.#journals.get(partition);
    const events = this.#partitions.get(partition);
    const owners = this.#owners.get(partition);
    this.#journals.delete(partition);
    if (journal === undefined || events === undefined || owners === undefined) return 0;
    for (const [eventId, previous] of journal) {
      if (previous.event === undefined) events.delete(eventId);
      else events.set(eventId, previous.event);
      if (previous.owner === undefined) owners.delete(eventId);
      else owners.set(eventId, previous.owner);
    }
    return journal.size;
  }

  /** Events held across all partitions. */
  get size(): number {
    let total = 0;
    for (const events of this.#partitions.values()) total += events.size;
    return total;
  }

  /** Partitions held, in ascending order. */
  partitions(): number[] {
    return [...this.#partitions.keys()].sort((a, b) => a - b);
  }
}
