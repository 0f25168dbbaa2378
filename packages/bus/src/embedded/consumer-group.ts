/**
 * A consumer group inside one process: its live members, which member owns
 * which partition, and the hand-over of partitions when members join or
 * leave (or a topic disappears).
 *
 * Hand-over keeps Kafka's guarantee that a partition is processed by one
 * member at a time: a moved partition is revoked from its old owner at once
 * (its `isActive()` turns false and its commits are refused, like Kafka's
 * REBALANCE_IN_PROGRESS), but the new owner only gets it after the old one
 * released it — its batch in flight returned and its `onRevoked` ran — and
 * then starts from the committed offset.
 * Partitions that stay with their owner keep their position.
 */
import type { Logger } from 'pino';
import { assignCoPartitioned, partitionKey } from './group-assignment.ts';
import type { GroupMember } from './group-member.ts';

/** One member's claim on one partition, from grant to revocation. */
export class Ownership {
  readonly topic: string;
  readonly partition: number;
  readonly member: GroupMember;
  /** Next offset this member will read. */
  position: number;
  /** Set by a rebalance: the member must stop using the partition (and may not commit it). */
  revoked = false;
  /** Set by the member once it is done with a revoked partition (batch returned, `onRevoked` ran). */
  released = false;

  constructor(topic: string, partition: number, member: GroupMember, position: number) {
    this.topic = topic;
    this.partition = partition;
    this.member = member;
    this.position = position;
  }
}

/** What a group needs to know about the log. */
export interface GroupLog {
  /** Partition counts of the given topics that exist. */
  partitionCounts(topics: readonly string[]): Map<string, number>;
  committedOffset(groupId: string, topic: string, partition: number): number | undefined;
  endOffset(topic: string, partition: number): number | undefined;
}

export class ConsumerGroup {
  readonly groupId: string;
  readonly #log: GroupLog;
  readonly #logger: Logger;
  /** In join order: the assignor deals partitions in this order. */
  #members: GroupMember[] = [];
  readonly #holders = new Map<string, Ownership>();
  #target = new Map<string, { readonly member: GroupMember; readonly topic: string; readonly partition: number }>();
  #generation = 0;

  constructor(groupId: string, log: GroupLog, logger: Logger) {
    this.groupId = groupId;
    this.#log = log;
    this.#logger = logger;
  }

  get memberCount(): number {
    return this.#members.length;
  }

  join(member: GroupMember): void {
    this.#members.push(member);
    this.rebalance('member joined');
  }

  leave(member: GroupMember): void {
    const before = this.#members.length;
    this.#members = this.#members.filter((m) => m !== member);
    if (this.#members.length !== before) this.rebalance('member left');
  }

  /** Recomputes the assignment (after a membership or topic change) and hands partitions over. */
  rebalance(reason: string): void {
    this.#generation += 1;
    const topics = [...new Set(this.#members.flatMap((m) => m.topics))];
    const assignment = assignCoPartitioned(
      this.#members.map((m) => ({ memberId: m.memberId, topics: m.topics })),
      this.#log.partitionCounts(topics),
    );
    const byId = new Map(this.#members.map((m) => [m.memberId, m]));
    this.#target = new Map();
    for (const [memberId, partitions] of assignment) {
      for (const { topic, partition } of partitions) {
        this.#target.set(partitionKey(topic, partition), { member: byId.get(memberId)!, topic, partition });
      }
    }
    for (const [key, holder] of this.#holders) {
      if (!holder.revoked && this.#target.get(key)?.member !== holder.member) holder.member.revoke(holder);
    }
    this.#logger.debug(
      { groupId: this.groupId, generation: this.#generation, reason, members: this.#members.length, partitions: this.#target.size },
      'consumer group rebalanced',
    );
    this.settle();
  }

  /**
   * Grants every partition whose previous owner has released it. Called after
   * a rebalance and whenever a member releases partitions.
   */
  settle(): void {
    for (const [key, holder] of this.#holders) {
      if (holder.revoked && holder.released) this.#holders.delete(key);
    }
    for (const [key, { member, topic, partition }] of this.#target) {
      if (this.#holders.has(key)) continue;
      const end = this.#log.endOffset(topic, partition);
      if (end === undefined) continue;
      const committed = this.#log.committedOffset(this.groupId, topic, partition);
      // Like Kafka's auto.offset.reset: no committed offset, or one beyond the log end, falls back to startFrom.
      const position = committed !== undefined && committed <= end ? committed : member.startFrom === 'latest' ? end : 0;
      const ownership = new Ownership(topic, partition, member, position);
      this.#holders.set(key, ownership);
      member.assign(ownership);
    }
  }
}
