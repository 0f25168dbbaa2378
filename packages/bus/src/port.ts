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

export interface PartitionOffset {
  readonly partition: number;
  readonly offset: number;
}

export type CleanupPolicy = 'delete' | 'compact';

/** What `ensureTopics` creates; the topic registry in `@vigia/schemas` produces these. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: CleanupPolicy;
  /** `undefined` keeps the broker default; `-1` keeps records forever. */
  readonly retentionMs?: number;
  /** Replication factor; adapters clamp it to the number of brokers they have. */
  readonly replicationFactor?: number;
}

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
   * Enables transactional commits. Must be stable per (group, input partition
   * set) so a restarted instance fences its zombie predecessor.
   */
  readonly transactionalId?: string;
  /** Upper bound of records handed to one `eachBatch` call. */
  readonly maxBatchRecords?: number;
  eachBatch(batch: RecordBatch, context: BatchContext): Promise<void>;
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
  /** Stops every subscription and releases connections and file handles. Idempotent. */
  close(): Promise<void>;
}
