/**
 * One subscription: a member of a consumer group that reads the partitions it
 * owns, one batch at a time, round-robin over those partitions, and hands
 * each batch to `eachBatch`. It waits on a wake-up signal when it has nothing
 * to do. When `eachBatch` (or a rebalance callback) throws, the subscription
 * ends and `done` rejects with that error: retrying is the processor's
 * business, not the adapter's.
 *
 * A granted partition is first announced (`onAssigned`, awaited before any
 * batch of it), then read; a revoked one is released after its batch in
 * flight returned and `onRevoked` ran, and only then handed to its next owner.
 */
import type { Logger } from 'pino';
import type { BatchContext, OutgoingRecord, RecordBatch, SubscribeOptions, Subscription, TopicPartition } from '../port.ts';
import type { ConsumerGroup, Ownership } from './consumer-group.ts';
import type { PartitionLog } from './partition-log.ts';
import { WakeSignal } from './wake-signal.ts';

/** What a member needs from the bus. */
export interface MemberHost {
  log(topic: string, partition: number): PartitionLog | undefined;
  /** Appends outputs and stores the group offset; refuses a revoked ownership. */
  commit(groupId: string, ownership: Ownership, records: readonly OutgoingRecord[], nextOffset: number): Promise<void>;
  isOpen(): boolean;
  readonly maxBatchBytes: number;
  readonly logger: Logger;
}

type MemberState = 'running' | 'stopping' | 'stopped' | 'failed' | 'abandoned';

const partitionsOf = (ownerships: readonly Ownership[]): TopicPartition[] => ownerships.map(({ topic, partition }) => ({ topic, partition }));

export class GroupMember implements Subscription {
  readonly memberId: string;
  readonly topics: readonly string[];
  readonly startFrom: 'earliest' | 'latest';
  readonly done: Promise<void>;
  readonly #group: ConsumerGroup;
  readonly #host: MemberHost;
  readonly #maxBatchRecords: number;
  readonly #subscribe: SubscribeOptions;
  readonly #signal = new WakeSignal();
  readonly #unlisten = new Map<Ownership, () => void>();
  /** Granted, `onAssigned` not called yet. */
  #toAnnounce: Ownership[] = [];
  /** Announced and readable. */
  #owned: Ownership[] = [];
  /** Revoked after being announced; released after `onRevoked`. */
  #toRelease: Ownership[] = [];
  #cursor = 0;
  #state: MemberState = 'running';
  readonly #loopEnded: Promise<void>;

  constructor(options: {
    memberId: string;
    group: ConsumerGroup;
    host: MemberHost;
    subscribe: SubscribeOptions;
    maxBatchRecords: number;
  }) {
    this.memberId = options.memberId;
    this.topics = [...options.subscribe.topics];
    this.startFrom = options.subscribe.startFrom ?? 'earliest';
    this.#group = options.group;
    this.#host = options.host;
    this.#maxBatchRecords = options.maxBatchRecords;
    this.#subscribe = options.subscribe;
    let settle!: { resolve: () => void; reject: (error: unknown) => void };
    this.done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    // Observed by whoever holds the subscription; never an unhandled rejection here.
    this.done.catch(() => undefined);
    this.#loopEnded = this.#run().then(settle.resolve, settle.reject);
  }

  /** Joins the group; the loop starts as soon as partitions are granted. */
  start(): void {
    this.#group.join(this);
  }

  assign(ownership: Ownership): void {
    if (!this.#is('running')) {
      ownership.revoked = true;
      ownership.released = true;
      return;
    }
    this.#toAnnounce.push(ownership);
    const log = this.#host.log(ownership.topic, ownership.partition);
    if (log)
      this.#unlisten.set(
        ownership,
        log.onAppend(() => this.#signal.wake()),
      );
    this.#signal.wake();
  }

  revoke(ownership: Ownership): void {
    ownership.revoked = true;
    this.#unlisten.get(ownership)?.();
    this.#unlisten.delete(ownership);
    if (this.#toAnnounce.includes(ownership)) {
      // Never announced: nothing to tell the handler, hand it over at once.
      this.#toAnnounce = this.#toAnnounce.filter((o) => o !== ownership);
      ownership.released = true;
      return;
    }
    this.#owned = this.#owned.filter((o) => o !== ownership);
    this.#toRelease.push(ownership);
    this.#signal.wake();
  }

  /** Reads the state afresh: it changes across awaits, which TypeScript's narrowing does not see. */
  #is(state: MemberState): boolean {
    return this.#state === state;
  }

  async #run(): Promise<void> {
    // Let the constructor finish and `start()` join before the first step.
    await Promise.resolve();
    try {
      while (this.#is('running')) {
        if (this.#toRelease.length > 0) await this.#release(this.#toRelease.splice(0));
        else if (this.#toAnnounce.length > 0) await this.#announce(this.#toAnnounce.splice(0));
        else if (!(await this.#deliverNextBatch())) await this.#signal.wait();
      }
      if (this.#is('stopping')) await this.#release([...this.#toRelease.splice(0), ...this.#owned]);
    } catch (error) {
      if (this.#is('running') || this.#is('stopping')) this.#state = 'failed';
      throw error;
    } finally {
      this.#leave();
    }
  }

  async #announce(granted: Ownership[]): Promise<void> {
    await this.#subscribe.onAssigned?.(partitionsOf(granted));
    // Any revoked meanwhile were queued for release by `revoke`.
    this.#owned.push(...granted.filter((o) => !o.revoked));
  }

  async #release(lost: Ownership[]): Promise<void> {
    if (lost.length === 0) return;
    try {
      await this.#subscribe.onRevoked?.(partitionsOf(lost));
    } finally {
      for (const ownership of lost) ownership.released = true;
      if (!this.#is('abandoned')) this.#group.settle();
    }
  }

  /** Hands one batch to `eachBatch`; false when no owned partition has unread records. */
  async #deliverNextBatch(): Promise<boolean> {
    const ownership = this.#nextReadable();
    if (!ownership) return false;
    const log = this.#host.log(ownership.topic, ownership.partition)!;
    const records = await log.read(ownership.position, this.#maxBatchRecords, this.#host.maxBatchBytes);
    if (records.length === 0 || ownership.revoked || !this.#is('running')) return true;
    const batch: RecordBatch = { topic: ownership.topic, partition: ownership.partition, records, highWatermark: log.endOffset };
    try {
      await this.#subscribe.eachBatch(batch, this.#context(ownership));
    } finally {
      // Kafka's fetch position moves past delivered records whether or not they were committed.
      ownership.position = records.at(-1)!.offset + 1;
    }
    return true;
  }

  #context(ownership: Ownership): BatchContext {
    return {
      commit: (records, nextOffset) => this.#host.commit(this.#group.groupId, ownership, records, nextOffset),
      heartbeat: () => Promise.resolve(),
      isActive: () => this.#is('running') && !ownership.revoked && this.#host.isOpen(),
    };
  }

  /** The next owned partition with unread records, round-robin so one busy partition cannot starve the others. */
  #nextReadable(): Ownership | undefined {
    for (let i = 0; i < this.#owned.length; i++) {
      const index = (this.#cursor + i) % this.#owned.length;
      const ownership = this.#owned[index]!;
      const end = this.#host.log(ownership.topic, ownership.partition)?.endOffset;
      if (end !== undefined && ownership.position < end) {
        this.#cursor = index + 1;
        return ownership;
      }
    }
    return undefined;
  }

  #leave(): void {
    for (const unlisten of this.#unlisten.values()) unlisten();
    this.#unlisten.clear();
    for (const ownership of [...this.#toAnnounce, ...this.#owned, ...this.#toRelease]) {
      ownership.revoked = true;
      ownership.released = true;
    }
    this.#toAnnounce = [];
    this.#owned = [];
    this.#toRelease = [];
    if (!this.#is('abandoned')) this.#group.leave(this);
    if (this.#is('running') || this.#is('stopping')) this.#state = 'stopped';
  }

  /** Stops fetching, lets the batch in flight finish, leaves the group. Idempotent; never rejects. */
  async stop(): Promise<void> {
    if (this.#is('running')) this.#state = 'stopping';
    this.#signal.wake();
    if (this.#is('abandoned')) return;
    await this.#loopEnded;
  }

  /** The process "died": stop at once without waiting for the batch in flight (crash simulation). */
  abandon(): void {
    if (this.#is('running') || this.#is('stopping')) this.#state = 'abandoned';
    this.#signal.wake();
  }
}
