/**
 * Which member of a consumer group reads which partition. Pure, so it is
 * unit-tested on its own: the co-partitioned assignor the Kafka adapter uses
 * too (`coPartitionedAssigner`) — partition p of each topic goes to member
 * p mod n among the members (in join order) that subscribe to the topic. A
 * stage that reads co-partitioned topics (the alerter's indicators,
 * contributions and jobs) then owns the same partition numbers of all of
 * them, whatever the member count; Kafka's round robin, which deals all
 * topic-partitions in one sequence, did so only when the count divided the
 * partition count.
 */

export interface MemberSubscription {
  readonly memberId: string;
  readonly topics: readonly string[];
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** `topic:partition`, the key used for maps of partitions. */
export const partitionKey = (topic: string, partition: number): string => `${topic}:${partition}`;

/**
 * @param members in join order.
 * @param partitionCounts partitions per topic; topics missing here (deleted) get nothing.
 * @returns for each member, its partitions in (topic, partition) order.
 */
export function assignCoPartitioned(members: readonly MemberSubscription[], partitionCounts: ReadonlyMap<string, number>): Map<string, TopicPartition[]> {
  const assignment = new Map<string, TopicPartition[]>(members.map((m) => [m.memberId, []]));
  const topics = [...new Set(members.flatMap((m) => m.topics))].filter((t) => partitionCounts.has(t)).sort();
  for (const topic of topics) {
    const subscribers = members.filter((member) => member.topics.includes(topic));
    for (let partition = 0; partition < partitionCounts.get(topic)!; partition++) {
      assignment.get(subscribers[partition % subscribers.length]!.memberId)!.push({ topic, partition });
    }
  }
  return assignment;
}
