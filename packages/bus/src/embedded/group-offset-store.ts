/**
 * Committed consumer-group offsets: rows of the `group_offsets` table, mirrored
 * in memory once committed. A batch commit writes its offset inside the same
 * transaction as its outputs (`commitIn`), so a restart finds both or neither.
 */
import type { PartitionOffset } from '../port.ts';
import type { LogDatabase, WriteContext } from './log-database.ts';

const UPSERT =
  'INSERT INTO group_offsets (group_id, topic, partition, offset) VALUES (?, ?, ?, ?) ON CONFLICT (group_id, topic, partition) DO UPDATE SET offset = excluded.offset';

export class GroupOffsetStore {
  readonly #db: LogDatabase;
  /** group → topic → partition → committed offset. */
  readonly #durable = new Map<string, Map<string, Map<number, number>>>();

  private constructor(db: LogDatabase) {
    this.#db = db;
  }

  static open(db: LogDatabase): GroupOffsetStore {
    const store = new GroupOffsetStore(db);
    const rows = db.read('open', {}, () => db.statement('SELECT group_id, topic, partition, offset FROM group_offsets').all()) as unknown as Array<{
      group_id: string;
      topic: string;
      partition: number;
      offset: number;
    }>;
    for (const row of rows) store.#set(row.group_id, row.topic, row.partition, row.offset);
    return store;
  }

  #set(groupId: string, topic: string, partition: number, offset: number): void {
    let topics = this.#durable.get(groupId);
    if (!topics) this.#durable.set(groupId, (topics = new Map()));
    let partitions = topics.get(topic);
    if (!partitions) topics.set(topic, (partitions = new Map()));
    partitions.set(partition, offset);
  }

  /** The committed (durable) offset of one partition, if any. */
  committed(groupId: string, topic: string, partition: number): number | undefined {
    return this.#durable.get(groupId)?.get(topic)?.get(partition);
  }

  /** Committed offsets of a group for a topic, by partition; partitions without one are omitted. */
  offsets(groupId: string, topic: string): PartitionOffset[] {
    const map = this.#durable.get(groupId)?.get(topic);
    if (!map) return [];
    return [...map].map(([partition, offset]) => ({ partition, offset })).sort((a, b) => a.partition - b.partition);
  }

  /** Inside a write transaction: stores offsets; they count as committed once it commits. */
  commitIn(context: WriteContext, groupId: string, topic: string, offsets: readonly PartitionOffset[]): void {
    for (const { partition, offset } of offsets) context.run(UPSERT, groupId, topic, partition, offset);
    context.afterCommit(() => {
      for (const { partition, offset } of offsets) this.#set(groupId, topic, partition, offset);
    });
  }

  /** Stores offsets on their own (admin `setGroupOffsets`). */
  commit(groupId: string, topic: string, offsets: readonly PartitionOffset[]): Promise<void> {
    return this.#db.write((context) => this.commitIn(context, groupId, topic, offsets));
  }

  /** Forgets a deleted topic in memory (its rows go in the deleting transaction). */
  forgetTopic(topic: string): void {
    for (const topics of this.#durable.values()) topics.delete(topic);
  }
}
