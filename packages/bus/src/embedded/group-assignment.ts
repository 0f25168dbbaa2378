/**
 * Which member of a consumer group reads which partition. Pure, so it is
 * unit-tested on its own: Kafka's round-robin assignor — all subscribed
 * topic-partitions in (topic, partition) order, dealt in turn to the members
 * (in join order) that subscribe to the partition's topic.
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
export function assignRoundRobin(
  members: readonly MemberSubscription[],
  partitionCounts: ReadonlyMap<string, number>,
): Map<string, TopicPartition[]> {
  const assignment = new Map<string, TopicPartition[]>(members.map((m) => [m.memberId, []]));
  const topics = [...new Set(members.flatMap((m) => m.topics))].filter((t) => partitionCounts.has(t)).sort();
  let turn = 0;
  for (const topic of topics) {
    for (let partition = 0; partition < partitionCounts.get(topic)!; partition++) {
      // Next member in turn order that subscribes to this topic.
      for (let tried = 0; tried < members.length; tried++) {
        const member = members[(turn + tried) % members.length]!;
        if (!member.topics.includes(topic)) continue;
        assignment.get(member.memberId)!.push({ topic, partition });
        turn = (turn + tried + 1) % members.length;
        break;
      }
    }
  }
  return assignment;
}
