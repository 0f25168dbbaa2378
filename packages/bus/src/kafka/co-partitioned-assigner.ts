import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/** The protocol name members announce; every member of a group must offer it (a group moving to it restarts all members). */
export const coPartitionedAssignerName = 'VigiaCoPartitioned';

/**
 * The Kafka side of `assignCoPartitioned`: partition p of each topic goes to
 * member p mod n (members sorted by id, as Kafka's own assignors sort them).
 * kafkajs' round robin deals the topic-partitions of all topics in one
 * sequence, so a member owned the same partition numbers of co-partitioned
 * topics only when n divided the partition count; with this one any number
 * of alerter or aggregator instances from 1 to the partition count works.
 * Assumes every member subscribes to the same topics, as the stages do.
 */
export const coPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: coPartitionedAssignerName,
  version: 0,
  async assign({ members, topics }) {
    const memberIds = members.map((member) => member.memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(memberIds.map((memberId) => [memberId, {}]));
    for (const topic of topics) {
      for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
        const owned = assignment.get(memberIds[partitionId % memberIds.length]!)!;
        (owned[topic] ??= []).push(partitionId);
      }
    }
    return memberIds.map((memberId) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: assignment.get(memberId)!, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: coPartitionedAssignerName, metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
  },
});
