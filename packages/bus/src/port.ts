import type { TopicSpec } from '@vigia/schemas';

/**
 * The Bus port: the only surface stages use to talk to a log. Two adapters
 * implement it — Kafka (kafkajs) for production and the embedded on-disk log
 * for one-process runs and replay — and one contract suite holds both to the
 * same behaviour.
 *
 * Offsets are JavaScript numbers: Kafka offsets are int64, but a partition would
 * need 2^53 records before a number lost precision.
 */

export type RecordHeaders = Readonly<Record<string, string>>;

/** A record to append. `partition` overrides key hashing; omit it normally. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string | null;
  /** `null` is a tombstone (deletes the key on compacted topics). */
  readonly value: Uint8Array | null;
  readonly headers?: RecordHeaders;
  readonly partition?: number;
  /** Record timestamp; defaults to the append time. */
  readonly timestampMs?: number;
}

/** Where an appended record landed. */
export interface RecordPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** A record read back from a partition. */
export interface ConsumedRecord extends RecordPosition {
  readonly key: string | null;
  readonly value: Uint8Array | null;
  readonly headers: RecordHeaders;
  readonly timestampMs: number;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface PartitionOffset {
  readonly partition: number;
  readonly offset: number;
}

/** What `ensureTopics` creates: the topic registry's own type, so the two can never drift. */
export type { CleanupPolicy, TopicSpec } from '@vigia/schemas';

/** Records of one partition, in offset order, delivered together. */
export interface RecordBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ConsumedRecord[];
  /** Offset the next produced record of this partition will get (log end offset). */
  readonly highWatermark: number;
}

/**
 * Given to a batch handler. `commit` is the unit of atomicity: the output
 * records become visible and the group's position moves to `nextOffset`
 * together (Kafka: one transaction with `sendOffsets`), or neither does.
 */
export interface BatchContext {
  commit(records: readonly OutgoingRecord[], nextOffset: number): Promise<void>;
  /** Keeps group membership alive during long work. */
  heartbeat(): Promise<void>;
  /** False once the subscription is stopping or the partition was revoked. */
  isActive(): boolean;
}

export interface SubscribeOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a group with no committed offset starts; default `earliest`. */
  readonly startFrom?: 'earliest' | 'latest';
  /**
   * Enables transactional commits (exactly-once). A prefix: the Kafka adapter
   * derives one transactional id per input partition from it, so whichever
   * instance owns a partition fences its zombie predecessor (kafkajs 2.2.4
   * predates KIP-447 group-metadata fencing). Give every instance of a stage
   * the same value — the group id is a good one — never an instance id.
   */
  readonly transactionalId?: string;
  /** Upper bound of records handed to one `eachBatch` call. */
  readonly maxBatchRecords?: number;
  eachBatch(batch: RecordBatch, context: BatchContext): Promise<void>;
  /**
   * Called after a rebalance with the partitions this member newly owns, and
   * awaited before any batch of them is handed out: stateful stages restore
   * those partitions' state here (Kafka Streams' restore-on-assignment).
   */
  onAssigned?(partitions: readonly TopicPartition[]): Promise<void>;
  /** Called with the partitions this member lost, after their last batch finished. */
  onRevoked?(partitions: readonly TopicPartition[]): Promise<void>;
}

export interface ReadPartitionOptions {
  /** First offset to read; default the log start. */
  readonly fromOffset?: number;
  /** Stop before this offset; default the log end when the read starts. */
  readonly untilOffset?: number;
}

export interface Subscription {
  /** Stops fetching, lets the batch in flight finish, leaves the group. Idempotent. */
  stop(): Promise<void>;
  /** Settles when the subscription ends; rejects if it crashed. */
  readonly done: Promise<void>;
}

export interface BusAdmin {
  /** Creates missing topics; never alters existing ones. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  listTopics(): Promise<string[]>;
  deleteTopics(names: readonly string[]): Promise<void>;
  /** Earliest offset per partition whose timestamp is ≥ `timestampMs` (log end if none). */
  offsetsForTimestamp(topic: string, timestampMs: number): Promise<PartitionOffset[]>;
  /** Log end offsets (the offset the next record will get) per partition. */
  endOffsets(topic: string): Promise<PartitionOffset[]>;
  /** Committed offsets of a group for a topic; partitions without one are omitted. */
  groupOffsets(groupId: string, topic: string): Promise<PartitionOffset[]>;
  /** Moves a group (which must have no live members) to the given offsets: replay. */
  setGroupOffsets(groupId: string, topic: string, offsets: readonly PartitionOffset[]): Promise<void>;
}

export type BusKind = 'kafka' | 'embedded';

export interface Bus {
  readonly kind: BusKind;
  readonly admin: BusAdmin;
  /** Appends durably (Kafka: idempotent producer, acks=all) and returns positions in input order. */
  produce(records: readonly OutgoingRecord[]): Promise<RecordPosition[]>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /**
   * Reads one partition outside any consumer group, in offset order, in
   * chunks, and ends at `untilOffset` (default: the log end when called).
   * Only committed records are returned. Used to restore state from a
   * changelog and by analysts' replays.
   */
  readPartition(topic: string, partition: number, options?: ReadPartitionOptions): AsyncIterable<readonly ConsumedRecord[]>;
  /** Stops every subscription and releases connections and file handles. Idempotent. */
  close(): Promise<void>;
}
