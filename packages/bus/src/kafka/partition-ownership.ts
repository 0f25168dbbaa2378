/**
 * Which partitions a Kafka subscription owns, and the `onAssigned` /
 * `onRevoked` hooks around changes of that set.
 *
 * kafkajs rebalances eagerly and only tells us the new assignment once the
 * member has re-joined (its GROUP_JOIN event, which it does not await). So the
 * hooks run from here, in order, after the batch in flight has returned, and
 * every batch waits for them first: `onAssigned` precedes any batch of a newly
 * owned partition. `onRevoked` for a lost partition therefore runs after the
 * partition may already be read by its new owner — harmless for state that is
 * only dropped there, since a stale owner's transactional commits are fenced.
 */
import type { TopicPartition } from '../port.ts';

export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

function toTopicPartitions(keys: Iterable<string>): TopicPartition[] {
  return [...keys]
    .map((key) => {
      const separator = key.lastIndexOf('\u0000');
      return { topic: key.slice(0, separator), partition: Number(key.slice(separator + 1)) };
    })
    .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

export interface OwnershipHooks {
  /** Runs before `onAssigned` for partitions newly owned (transactional subscriptions fence here). */
  readonly beforeAssigned?: ((partitions: readonly TopicPartition[]) => Promise<void>) | undefined;
  readonly onAssigned?: ((partitions: readonly TopicPartition[]) => Promise<void>) | undefined;
  readonly onRevoked?: ((partitions: readonly TopicPartition[]) => Promise<void>) | undefined;
}

export class PartitionOwnership {
  readonly #hooks: OwnershipHooks;
  /** The latest assignment kafkajs reported. */
  #assigned = new Set<string>();
  /** Partitions whose `onAssigned` has run and whose `onRevoked` has not. */
  #announced = new Set<string>();
  #work: Promise<void> = Promise.resolve();
  #epoch = 0;

  constructor(hooks: OwnershipHooks) {
    this.#hooks = hooks;
  }

  /** Grows with every new assignment; lets per-assignment caches tell stale entries apart. */
  get epoch(): number {
    return this.#epoch;
  }

  owns(topic: string, partition: number): boolean {
    return this.#assigned.has(partitionKey(topic, partition));
  }

  /**
   * Records a new assignment and queues the hooks for the difference. They
   * start once `idle` (the batch in flight) settles; the returned promise
   * rejects if a hook throws.
   */
  assign(assignment: Readonly<Record<string, readonly number[]>>, idle: () => Promise<void>): Promise<void> {
    this.#epoch += 1;
    const next = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) next.add(partitionKey(topic, partition));
    }
    this.#assigned = next;
    const run = this.#work.then(idle).then(() => this.#reconcile(next));
    this.#work = run.catch(() => {});
    return run;
  }

  /** Settles when the queued hooks have run; batches wait for it. */
  settled(): Promise<void> {
    return this.#work;
  }

  /** The member is leaving: `onRevoked` for everything announced. */
  async releaseAll(): Promise<void> {
    await this.#work;
    this.#assigned = new Set();
    const lost = [...this.#announced];
    this.#announced.clear();
    if (lost.length > 0) await this.#hooks.onRevoked?.(toTopicPartitions(lost));
  }

  async #reconcile(next: ReadonlySet<string>): Promise<void> {
    // A later assignment supersedes this one; it reconciles against the latest set.
    if (next !== this.#assigned) return;
    const lost = [...this.#announced].filter((key) => !next.has(key));
    if (lost.length > 0) {
      for (const key of lost) this.#announced.delete(key);
      await this.#hooks.onRevoked?.(toTopicPartitions(lost));
    }
    const added = [...next].filter((key) => !this.#announced.has(key));
    if (added.length > 0) {
      await this.#hooks.beforeAssigned?.(toTopicPartitions(added));
      await this.#hooks.onAssigned?.(toTopicPartitions(added));
      for (const key of added) this.#announced.add(key);
    }
  }
}
