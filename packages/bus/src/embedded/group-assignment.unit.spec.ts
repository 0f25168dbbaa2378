import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignCoPartitioned, type MemberSubscription } from './group-assignment.ts';

describe('assignCoPartitioned', () => {
  it('deals the partitions of one topic to the members in turn', () => {
    const members = [
      { memberId: 'a', topics: ['t'] },
      { memberId: 'b', topics: ['t'] },
    ];
    const assignment = assignCoPartitioned(members, new Map([['t', 5]]));
    expect(assignment.get('a')?.map((p) => p.partition)).toEqual([0, 2, 4]);
    expect(assignment.get('b')?.map((p) => p.partition)).toEqual([1, 3]);
  });

  it('gives a member only partitions of topics it subscribes to', () => {
    const members = [
      { memberId: 'a', topics: ['x'] },
      { memberId: 'b', topics: ['x', 'y'] },
    ];
    const assignment = assignCoPartitioned(
      members,
      new Map([
        ['x', 2],
        ['y', 2],
        ['z', 3],
      ]),
    );
    expect(assignment.get('a')).toEqual([{ topic: 'x', partition: 0 }]);
    expect(assignment.get('b')).toEqual([
      { topic: 'x', partition: 1 },
      { topic: 'y', partition: 0 },
      { topic: 'y', partition: 1 },
    ]);
  });

  it('gives a member the same partition numbers of every topic, whatever the member count', () => {
    // five alerter instances on indicators, contributions and jobs (12 partitions each): 5 does not divide 12
    const topics = ['indicators', 'contributions', 'jobs'];
    const members = Array.from({ length: 5 }, (_, i) => ({ memberId: `m${i}`, topics }));
    const assignment = assignCoPartitioned(members, new Map(topics.map((t) => [t, 12])));
    for (const [memberId, partitions] of assignment) {
      const numbers = (topic: string) => partitions.filter((p) => p.topic === topic).map((p) => p.partition);
      expect(numbers('contributions'), memberId).toEqual(numbers('indicators'));
      expect(numbers('jobs'), memberId).toEqual(numbers('indicators'));
    }
    expect(
      assignment
        .get('m0')
        ?.filter((p) => p.topic === 'jobs')
        .map((p) => p.partition),
    ).toEqual([0, 5, 10]);
  });

  it('assigns every subscribed partition exactly once and balances members of the same subscription', () => {
    const topicNames = ['t1', 't2', 't3'];
    fc.assert(
      fc.property(
        fc.array(fc.subarray(topicNames, { minLength: 1 }), { minLength: 1, maxLength: 6 }),
        fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })),
        (subscriptions, counts) => {
          const members: MemberSubscription[] = subscriptions.map((topics, i) => ({ memberId: `m${i}`, topics }));
          const partitionCounts = new Map(topicNames.map((t, i) => [t, counts[i]!]));
          const assignment = assignCoPartitioned(members, partitionCounts);
          const assigned = [...assignment.values()].flat().map((p) => `${p.topic}:${p.partition}`);
          const expected = topicNames
            .filter((t) => subscriptions.some((s) => s.includes(t)))
            .flatMap((t) => Array.from({ length: partitionCounts.get(t)! }, (_, p) => `${t}:${p}`));
          expect(assigned.sort()).toEqual(expected.sort());
          for (const member of members) {
            for (const p of assignment.get(member.memberId)!) expect(member.topics).toContain(p.topic);
          }
          for (const topic of topicNames) {
            // balanced per topic among its subscribers
            const sizes = members.filter((m) => m.topics.includes(topic)).map((m) => assignment.get(m.memberId)!.filter((p) => p.topic === topic).length);
            if (sizes.length > 0) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          }
          if (subscriptions.every((s) => s.length === topicNames.length)) {
            // co-partitioned: a member owns partition p of one topic iff it owns p of every topic that has p
            for (const partitions of assignment.values()) {
              const numbers = new Set(partitions.map((p) => p.partition));
              for (const number of numbers) {
                for (const topic of topicNames) if (number < partitionCounts.get(topic)!) expect(partitions).toContainEqual({ topic, partition: number });
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
