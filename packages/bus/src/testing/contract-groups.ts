/** Contract: consumer groups — committed positions, restarts, replay, partition split. */
import { expect, it } from 'vitest';
import type { Bus, ConsumedRecord } from '../port.ts';
import { type BusContractHarnessFactory, startSession } from './contract-harness.ts';
import { byPartition, bytes, consume, createTopic, EventLog, RecordCollector, text, uniqueName } from './test-helpers.ts';

async function produceNumbered(bus: Bus, topic: string, count: number, partition = 0): Promise<void> {
  await bus.produce(Array.from({ length: count }, (_, i) => ({ topic, key: `k${i}`, value: bytes(`m${i}`), partition })));
}

const offsetsOf = (records: readonly ConsumedRecord[]) => records.map((r) => r.offset);

export function describeGroupContract(factory: BusContractHarnessFactory): void {
  it('committed offsets survive a restart: the group resumes after its last commit', async () => {
    const session = startSession(factory);
    const first = await session.open();
    const topic = await createTopic(first);
    const groupId = uniqueName('g');
    await produceNumbered(first, topic, 5);

    // Commit only up to offset 3 (records 0..2), whatever the batches look like.
    const { collector } = await consume(first, {
      groupId,
      topics: [topic],
      commit: 'none',
      async onBatch(batch, context) {
        const last = batch.records.at(-1);
        if (last) await context.commit([], Math.min(last.offset + 1, 3));
      },
    });
    await collector.waitFor((rs) => rs.some((r) => r.offset === 4), { label: 'offset 4', timeoutMs: session.waitTimeoutMs });
    await first.close();

    const second = await session.open();
    expect(await second.admin.groupOffsets(groupId, topic)).toEqual([{ partition: 0, offset: 3 }]);
    const resumed = await consume(second, { groupId, topics: [topic] });
    const records = await resumed.collector.waitForCount(2, { timeoutMs: session.waitTimeoutMs });
    expect(offsetsOf(records)).toEqual([3, 4]);
    expect(records.map((r) => text(r.value))).toEqual(['m3', 'm4']);
  });

  it('startFrom earliest (the default) reads the whole log; latest skips what is already there', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const topic = await createTopic(bus);
    await bus.produce([{ topic, key: 'old', value: bytes('old') }]);

    const earliest = await consume(bus, { groupId: uniqueName('g'), topics: [topic] });
    const latest = await consume(bus, { groupId: uniqueName('g'), topics: [topic], startFrom: 'latest' });
    // A Kafka consumer resolves "latest" at its first fetch, which may come after a
    // given produce. So produce one new record at a time, each paced by the earliest
    // consumer receiving it, until the latest consumer has seen a new record too.
    const deadlineMs = Date.now() + session.waitTimeoutMs;
    let produced = 1;
    while (latest.collector.records.length === 0 && Date.now() < deadlineMs) {
      await bus.produce([{ topic, key: 'new', value: bytes(`new-${produced}`) }]);
      produced += 1;
      await earliest.collector.waitForCount(produced, { timeoutMs: session.waitTimeoutMs });
    }
    await latest.collector.waitForCount(1, { timeoutMs: session.waitTimeoutMs });
    expect(latest.collector.records.every((r) => r.key === 'new')).toBe(true);
    expect(earliest.collector.records[0]).toMatchObject({ offset: 0, key: 'old' });
  });

  it('maxBatchRecords bounds every batch', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const topic = await createTopic(bus);
    await produceNumbered(bus, topic, 23);
    const { collector } = await consume(bus, { groupId: uniqueName('g'), topics: [topic], maxBatchRecords: 5 });
    const records = await collector.waitForCount(23, { timeoutMs: session.waitTimeoutMs });
    expect(offsetsOf(records)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(Math.max(...collector.batches.map((b) => b.records.length))).toBeLessThanOrEqual(5);
  });

  it('replays from an offset: setGroupOffsets on an idle group, refused while it has members', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const topic = await createTopic(bus);
    const groupId = uniqueName('g');
    await produceNumbered(bus, topic, 5);
    const live = await consume(bus, { groupId, topics: [topic] });
    await live.collector.waitForCount(5, { timeoutMs: session.waitTimeoutMs });

    await expect(bus.admin.setGroupOffsets(groupId, topic, [{ partition: 0, offset: 1 }])).rejects.toThrow();
    await live.subscription.stop();
    expect(await bus.admin.groupOffsets(groupId, topic)).toEqual([{ partition: 0, offset: 5 }]);
    await bus.admin.setGroupOffsets(groupId, topic, [{ partition: 0, offset: 1 }]);
    expect(await bus.admin.groupOffsets(groupId, topic)).toEqual([{ partition: 0, offset: 1 }]);

    const replay = await consume(bus, { groupId, topics: [topic] });
    const records = await replay.collector.waitForCount(4, { timeoutMs: session.waitTimeoutMs });
    expect(offsetsOf(records)).toEqual([1, 2, 3, 4]);
  });

  it('replays from a timestamp: offsetsForTimestamp → setGroupOffsets → subscribe', async (ctx) => {
    const session = startSession(factory);
    if (!session.capabilities.producerTimestamps) ctx.skip();
    const bus = await session.open();
    const topic = await createTopic(bus, { partitions: 2 });
    const groupId = uniqueName('g');
    const baseMs = Math.floor((Date.now() - 7_200_000) / 1000) * 1000;
    await bus.produce(
      [0, 1].flatMap((partition) =>
        [0, 1, 2, 3].map((i) => ({ topic, key: null, value: bytes(`p${partition}-${i}`), partition, timestampMs: baseMs + i * 60_000 })),
      ),
    );
    const live = await consume(bus, { groupId, topics: [topic] });
    await live.collector.waitForCount(8, { timeoutMs: session.waitTimeoutMs });
    await live.subscription.stop();

    const offsets = await bus.admin.offsetsForTimestamp(topic, baseMs + 90_000);
    expect(offsets).toEqual([
      { partition: 0, offset: 2 },
      { partition: 1, offset: 2 },
    ]);
    await bus.admin.setGroupOffsets(groupId, topic, offsets);
    const replay = await consume(bus, { groupId, topics: [topic] });
    const records = await replay.collector.waitForCount(4, { timeoutMs: session.waitTimeoutMs });
    const parts = byPartition(records);
    expect(offsetsOf(parts.get(0) ?? [])).toEqual([2, 3]);
    expect(offsetsOf(parts.get(1) ?? [])).toEqual([2, 3]);
    expect(records.every((r) => r.timestampMs >= baseMs + 90_000)).toBe(true);
  });

  it('two members of one group split the partitions; the survivor takes them all when one leaves', async (ctx) => {
    const session = startSession(factory);
    if (!session.capabilities.consumerGroups) ctx.skip();
    const bus = await session.open();
    const partitions = 4;
    const topic = await createTopic(bus, { partitions });
    const groupId = uniqueName('g');
    // Both members also feed one shared collector, so a round can be awaited as a whole.
    const union = new RecordCollector();
    const receivedBy = new Map<ConsumedRecord, 'a' | 'b'>();
    const member = (name: 'a' | 'b') =>
      consume(bus, {
        groupId,
        topics: [topic],
        onBatch(batch) {
          for (const record of batch.records) receivedBy.set(record, name);
          union.add(batch);
        },
      });
    const a = await member('a');
    const b = await member('b');
    a.subscription.done.catch((error: unknown) => union.fail(error));
    b.subscription.done.catch((error: unknown) => union.fail(error));

    // Rebalances settle asynchronously on Kafka: send one record per partition per
    // round until a round is split as expected. Only the condition is awaited.
    let round = 0;
    const partitionsSeen = (records: readonly ConsumedRecord[], tag: string, by?: 'a' | 'b') =>
      new Set(records.filter((r) => text(r.value) === tag && (by === undefined || receivedBy.get(r) === by)).map((r) => r.partition));
    const playRound = async (): Promise<string> => {
      const tag = `r${round++}`;
      await bus.produce(Array.from({ length: partitions }, (_, partition) => ({ topic, key: null, value: bytes(tag), partition })));
      await union.waitFor((rs) => partitionsSeen(rs, tag).size === partitions, { label: `round ${tag}`, timeoutMs: session.waitTimeoutMs });
      return tag;
    };

    let split = false;
    while (!split && round < 30) {
      const tag = await playRound();
      const pa = partitionsSeen(union.records, tag, 'a');
      const pb = partitionsSeen(union.records, tag, 'b');
      split = pa.size > 0 && pb.size > 0 && [...pa].every((p) => !pb.has(p));
    }
    expect(split, 'a round whose partitions were split between both members').toBe(true);

    await b.subscription.stop();
    let survivorHasAll = false;
    while (!survivorHasAll && round < 60) {
      const tag = await playRound();
      survivorHasAll = partitionsSeen(union.records, tag, 'a').size === partitions;
    }
    expect(survivorHasAll).toBe(true);
  });

  it('co-partitions: each of five members owns the same partition numbers of two 12-partition topics', async (ctx) => {
    const session = startSession(factory);
    if (!session.capabilities.consumerGroups) ctx.skip();
    const bus = await session.open();
    const partitions = 12;
    const topics = [await createTopic(bus, { partitions }), await createTopic(bus, { partitions })];
    const groupId = uniqueName('g');
    type Event = { readonly member: number; readonly kind: 'assigned' | 'revoked'; readonly partitions: readonly { topic: string; partition: number }[] };
    const log = new EventLog<Event>();
    // Who owns which topic-partition once the events so far are replayed.
    const owned = (events: readonly Event[]) => {
      const byMember = new Map<number, Set<string>>();
      for (const event of events) {
        const set = byMember.get(event.member) ?? new Set<string>();
        byMember.set(event.member, set);
        for (const { topic, partition } of event.partitions) {
          if (event.kind === 'assigned') set.add(`${topic}:${partition}`);
          else set.delete(`${topic}:${partition}`);
        }
      }
      return byMember;
    };
    const settled = (events: readonly Event[]) => {
      const byMember = owned(events);
      return (
        byMember.size === 5 &&
        [...byMember.values()].every((set) => set.size > 0) &&
        [...byMember.values()].reduce((total, set) => total + set.size, 0) === 2 * partitions
      );
    };
    // Five does not divide twelve: a round robin over both topics in one sequence would hand a member partition p of one topic only.
    for (let member = 0; member < 5; member += 1) {
      await consume(bus, {
        groupId,
        topics,
        onAssigned: async (tps) => log.push({ member, kind: 'assigned', partitions: tps.map(({ topic, partition }) => ({ topic, partition })) }),
        onRevoked: async (tps) => log.push({ member, kind: 'revoked', partitions: tps.map(({ topic, partition }) => ({ topic, partition })) }),
      });
    }
    await log.waitFor(settled, { label: 'five members own all 24 partitions', timeoutMs: session.waitTimeoutMs });
    for (const [member, set] of owned(log.events)) {
      const numbers = (topic: string) =>
        [...set]
          .filter((key) => key.startsWith(`${topic}:`))
          .map((key) => Number(key.slice(topic.length + 1)))
          .sort((a, b) => a - b);
      expect(numbers(topics[1]!), `member ${member}`).toEqual(numbers(topics[0]!));
    }
  });

  it('announces partitions with onAssigned before their first batch, and onRevoked after their last (rebalance and stop)', async (ctx) => {
    const session = startSession(factory);
    if (!session.capabilities.consumerGroups) ctx.skip();
    const bus = await session.open();
    const partitions = 4;
    const topic = await createTopic(bus, { partitions });
    const groupId = uniqueName('g');
    type Event = { readonly member: string; readonly kind: 'assigned' | 'revoked' | 'batch-start'; readonly partitions: readonly number[] };
    const log = new EventLog<Event>();
    const member = (name: string) =>
      consume(bus, {
        groupId,
        topics: [topic],
        onAssigned: async (tps) => log.push({ member: name, kind: 'assigned', partitions: tps.map((tp) => tp.partition) }),
        onRevoked: async (tps) => log.push({ member: name, kind: 'revoked', partitions: tps.map((tp) => tp.partition) }),
        onBatch: (batch) => log.push({ member: name, kind: 'batch-start', partitions: [batch.partition] }),
      });
    // Replays the log: who owns what after each event.
    const owners = (events: readonly Event[]) => {
      const owned = new Map<string, Set<number>>();
      for (const e of events) {
        const set = owned.get(e.member) ?? new Set<number>();
        owned.set(e.member, set);
        if (e.kind === 'assigned') for (const p of e.partitions) set.add(p);
        if (e.kind === 'revoked') for (const p of e.partitions) set.delete(p);
      }
      return owned;
    };
    const ownsAll = (name: string) => (events: readonly Event[]) => owners(events).get(name)?.size === partitions;
    const produceRound = (tag: string) =>
      bus.produce(Array.from({ length: partitions }, (_, partition) => ({ topic, key: null, value: bytes(tag), partition })));

    const a = await member('a');
    await log.waitFor(ownsAll('a'), { label: 'a owns every partition', timeoutMs: session.waitTimeoutMs });
    await produceRound('r0');
    await a.collector.waitForCount(partitions, { timeoutMs: session.waitTimeoutMs });

    const b = await member('b');
    await log.waitFor((events) => (owners(events).get('b')?.size ?? 0) > 0, { label: 'b owns a partition', timeoutMs: session.waitTimeoutMs });
    await produceRound('r1');
    await log.waitFor((events) => events.filter((e) => e.kind === 'batch-start').length >= 2 * partitions, {
      label: 'round r1 delivered',
      timeoutMs: session.waitTimeoutMs,
    });
    await b.subscription.stop();
    await log.waitFor(ownsAll('a'), { label: 'a owns every partition again', timeoutMs: session.waitTimeoutMs });
    await a.subscription.stop();

    // Every batch came after its partition was announced to that member and before it was taken back.
    const events = log.events;
    events.forEach((event, i) => {
      if (event.kind !== 'batch-start') return;
      expect(owners(events.slice(0, i)).get(event.member)?.has(event.partitions[0]!), `batch #${i} of ${event.member}`).toBe(true);
    });
    // Revocations name only partitions the member owned, and after stop() nobody owns anything.
    events.forEach((event, i) => {
      if (event.kind !== 'revoked') return;
      const owned = owners(events.slice(0, i)).get(event.member);
      for (const p of event.partitions) expect(owned?.has(p), `revocation #${i} of ${event.member}`).toBe(true);
    });
    expect([...owners(events).values()].every((set) => set.size === 0)).toBe(true);
    expect(events.some((e) => e.member === 'a' && e.kind === 'revoked')).toBe(true);
  });
}
