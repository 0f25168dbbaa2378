/**
 * Which topics exist and how many partitions each has, cached per bus.
 *
 * Produce and commit check their topics here first: kafkajs treats an unknown
 * topic as retriable and would retry a send for as long as its retry budget
 * lasts, whereas a missing topic is a configuration error that should fail at
 * once, before anything of the batch is sent. Knowing the partition count also
 * lets the adapter choose partitions itself (`partitionForKey`), so positions
 * come back in input order and keys land where the embedded log puts them.
 */
import type { Admin } from 'kafkajs';
import { KafkaBusError, toKafkaBusError } from './kafka-errors.ts';

interface Entry {
  readonly partitions: number;
  readonly fetchedAtMs: number;
}

export interface TopicCatalogOptions {
  /** After this long a cached entry is looked up again (partitions may have been added). */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

export class TopicCatalog {
  readonly #admin: () => Promise<Admin>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #entries = new Map<string, Entry>();
  #refreshing: Promise<void> | undefined;

  constructor(admin: () => Promise<Admin>, options: TopicCatalogOptions = {}) {
    this.#admin = admin;
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Partition count of every topic; rejects with `VIGIA_BUS_UNKNOWN_TOPIC` naming the first missing one. */
  async partitionCounts(topics: Iterable<string>): Promise<Map<string, number>> {
    const wanted = [...new Set(topics)];
    if (wanted.some((topic) => !this.#isFresh(topic))) await this.refresh();
    const counts = new Map<string, number>();
    for (const topic of wanted) {
      const entry = this.#entries.get(topic);
      if (entry === undefined) {
        throw new KafkaBusError('VIGIA_BUS_UNKNOWN_TOPIC', `topic ${topic} does not exist; create it with ensureTopics`, {
          topic,
          retriable: false,
        });
      }
      counts.set(topic, entry.partitions);
    }
    return counts;
  }

  /** Reloads every topic's metadata in one request; concurrent callers share it. */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#load().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  remember(topic: string, partitions: number): void {
    this.#entries.set(topic, { partitions, fetchedAtMs: this.#now() });
  }

  forget(topic: string): void {
    this.#entries.delete(topic);
  }

  #isFresh(topic: string): boolean {
    const entry = this.#entries.get(topic);
    return entry !== undefined && this.#now() - entry.fetchedAtMs < this.#maxAgeMs;
  }

  async #load(): Promise<void> {
    try {
      const admin = await this.#admin();
      // No topic list: a Metadata request for all topics, which never fails on a missing one.
      const { topics } = await admin.fetchTopicMetadata();
      const fetchedAtMs = this.#now();
      const entries = new Map<string, Entry>();
      for (const topic of topics) entries.set(topic.name, { partitions: topic.partitions.length, fetchedAtMs });
      this.#entries = entries;
    } catch (error) {
      throw toKafkaBusError(error, 'VIGIA_BUS_ADMIN_FAILED', 'could not load topic metadata', { operation: 'metadata' });
    }
  }
}
