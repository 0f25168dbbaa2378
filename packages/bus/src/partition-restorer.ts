/**
 * Restore-on-assignment bookkeeping for stages that keep state per input
 * partition (Kafka Streams' restore on assignment): one restore per partition
 * at a time, a failed one tried again on the next batch, and a restore that
 * finishes after its partition was revoked discarded (an epoch per
 * partition, bumped on revocation). Give it to the processor as
 * `partitionState`; call `ensure` at the top of a transform too, for a batch
 * whose restore failed before.
 */
export interface PartitionRestorer {
  /** Resolves once the partition's state is installed. */
  ensure(partition: number): Promise<void>;
  /** Forgets the partition: its state is dropped by `drop`, an in-flight restore will not install. */
  revoke(partition: number): void;
}

export function createPartitionRestorer<T>(options: {
  readonly has: (partition: number) => boolean;
  readonly load: (partition: number) => Promise<T>;
  readonly install: (partition: number, restored: T) => void;
  readonly drop: (partition: number) => void;
}): PartitionRestorer {
  const pending = new Map<number, Promise<void>>();
  const epochs = new Map<number, number>();
  async function restore(partition: number): Promise<void> {
    const epoch = epochs.get(partition) ?? 0;
    const restored = await options.load(partition);
    if ((epochs.get(partition) ?? 0) === epoch) options.install(partition, restored);
  }
  return {
    ensure(partition) {
      if (options.has(partition)) return Promise.resolve();
      let running = pending.get(partition);
      if (running === undefined) {
        running = restore(partition).finally(() => pending.delete(partition));
        pending.set(partition, running);
      }
      return running;
    },
    revoke(partition) {
      epochs.set(partition, (epochs.get(partition) ?? 0) + 1);
      pending.delete(partition);
      options.drop(partition);
    },
  };
}
