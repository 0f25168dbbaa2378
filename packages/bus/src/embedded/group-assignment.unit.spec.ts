import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignRoundRobin, type MemberSubscription } from './group-assignment.ts';

describe('assignRoundRobin', () => {
  it('deals the partitions of one topic to the members in turn', () => {
    const members = [
      { memberId: 'a', topics: ['t'] },
      { memberId: 'b', topics: ['t'] },
    ];
    const assignment = assignRoundRobin(members, new Map([['t', 5]]));
    expect(assignment.get('a')?.map((p) => p.partition)).toEqual([0, 2, 4]);
    expect(assignment.get('b')?.map((p) => p.partition)).toEqual([1, 3]);
  });

  it('gives a member only partitions of topics it subscribes to', () => {
    const members = [
      { memberId: 'a', topics: ['x'] },
      { memberId: 'b', topics: ['x', 'y'] },
    ];
    const assignment = assignRoundRobin(members, new Map([['x', 2], ['y', 2], ['z', 3]]));
    expect(assignment.get('a')).toEqual([{ topic: 'x', partition: 0 }]);
    expect(assignment.get('b')).toEqual([
      { topic: 'x', partition: 1 },
      { topic: 'y', partition: 0 },
      { topic: 'y', partition: 1 },
    ]);
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
          const assignment = assignRoundRobin(members, partitionCounts);
          const assigned = [...assignment.values()].flat().map((p) => `${p.topic}:${p.partition}`);
          const expected = topicNames
            .filter((t) => subscriptions.some((s) => s.includes(t)))
            .flatMap((t) => Array.from({ length: partitionCounts.get(t)! }, (_, p) => `${t}:${p}`));
          expect(assigned.sort()).toEqual(expected.sort());
          for (const member of members) {
            for (const p of assignment.get(member.memberId)!) expect(member.topics).toContain(p.topic);
          }
          if (subscriptions.every((s) => s.length === topicNames.length)) {
            const sizes = [...assignment.values()].map((a) => a.length);
            expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});
