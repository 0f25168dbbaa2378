import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ConsumedRecord } from '../port.ts';
import { bytes, consume, createTopic, rejectionOf, text, uniqueName } from '../testing/test-helpers.ts';
import { busOpener, temporaryDataDir } from './testing/embedded-test-support.ts';

/** Lets every pending callback run a few times: enough for a misbehaving consumer loop to show itself. */
async function letEverythingRun(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await nextTurn();
}

describe('embedded consumer groups', () => {
  it('moves a partition only after the batch in flight returns; the old owner is inactive and its commit refused', async () => {
    const bus = await busOpener(await temporaryDataDir())();
    const topic = await createTopic(bus, { partitions: 2 });
    const groupId = uniqueName('g');
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    let activeAfterRevocation: boolean | undefined;
    let refusal: unknown;

    // Member a owns both partitions and blocks inside a batch of partition 1.
    await consume(bus, {
      groupId,
      topics: [topic],
      commit: 'none',
      async onBatch(batch, context) {
        if (batch.partition !== 1 || events.includes('a returned')) return;
        started();
        await held;
        activeAfterRevocation = context.isActive();
        refusal = await rejectionOf(context.commit([], batch.records.at(-1)!.offset + 1));
        events.push('a returned');
      },
    });
    onTestFinished(() => release()); // runs before the subscription is stopped, even if an assertion failed
    await bus.produce([{ topic, key: null, value: bytes('p1-0'), partition: 1 }]);
    await inFlight;

    // Member b joins: round-robin gives it partition 1, but not while a's batch runs.
    const b = await consume(bus, {
      groupId,
      topics: [topic],
      onBatch: (batch) => void events.push(`b got ${batch.partition}:${batch.records[0]!.offset}`),
    });
    await bus.produce([{ topic, key: null, value: bytes('p1-1'), partition: 1 }]);
    await letEverythingRun();
    expect(events).toEqual([]);

    release();
    const records = await b.collector.waitForCount(2);
    expect(events).toEqual(['a returned', 'b got 1:0']);
    expect(activeAfterRevocation).toBe(false);
    expect(refusal).toMatchObject({ code: 'VIGIA_BUS_PARTITION_REVOKED', partition: 1, groupId });
    // Nothing was committed, so the new owner starts at the beginning of the partition.
    expect(records.map((r: ConsumedRecord) => text(r.value))).toEqual(['p1-0', 'p1-1']);
  });

  it('refuses setGroupOffsets with VIGIA_BUS_GROUP_ACTIVE while the group has members', async () => {
    const bus = await busOpener(await temporaryDataDir())();
    const topic = await createTopic(bus);
    const groupId = uniqueName('g');
    const member = await consume(bus, { groupId, topics: [topic] });
    await expect(bus.admin.setGroupOffsets(groupId, topic, [{ partition: 0, offset: 0 }])).rejects.toMatchObject({
      code: 'VIGIA_BUS_GROUP_ACTIVE',
      groupId,
    });
    await member.subscription.stop();
    await bus.admin.setGroupOffsets(groupId, topic, [{ partition: 0, offset: 0 }]);
  });

  it('gives members with different topic lists only partitions of their own topics', async () => {
    const bus = await busOpener(await temporaryDataDir())();
    const x = await createTopic(bus, { prefix: 'x', partitions: 2 });
    const y = await createTopic(bus, { prefix: 'y', partitions: 2 });
    const groupId = uniqueName('g');
    const onlyX = await consume(bus, { groupId, topics: [x] });
    const both = await consume(bus, { groupId, topics: [x, y] });
    await bus.produce([x, y].flatMap((topic) => [0, 1].map((partition) => ({ topic, key: null, value: bytes(topic), partition }))));

    // Round-robin in join order over x-0, x-1, y-0, y-1, skipping members not subscribed to the topic.
    const bothGot = await both.collector.waitForCount(3);
    const onlyXGot = await onlyX.collector.waitForCount(1);
    expect(onlyXGot.map((r) => `${r.topic === x ? 'x' : 'y'}-${r.partition}`)).toEqual(['x-0']);
    expect(bothGot.map((r) => `${r.topic === x ? 'x' : 'y'}-${r.partition}`).sort()).toEqual(['x-1', 'y-0', 'y-1']);
  });

  it('wakes an idle subscription on append, and close() ends it cleanly', async () => {
    const bus = await busOpener(await temporaryDataDir())();
    const topic = await createTopic(bus);
    const { subscription, collector } = await consume(bus, { groupId: uniqueName('g'), topics: [topic] });
    await letEverythingRun();
    await bus.produce([{ topic, key: 'k', value: bytes('late') }]);
    await collector.waitForCount(1);

    await bus.close();
    await expect(subscription.done).resolves.toBeUndefined();
    await expect(bus.produce([{ topic, key: 'k', value: null }])).rejects.toMatchObject({ code: 'VIGIA_BUS_CLOSED' });
    await expect(bus.subscribe({ groupId: 'g', topics: [topic], eachBatch: async () => {} })).rejects.toMatchObject({
      code: 'VIGIA_BUS_CLOSED',
    });
    await expect(bus.admin.listTopics()).rejects.toMatchObject({ code: 'VIGIA_BUS_CLOSED' });
  });

  it('delivers concurrent produce calls to one partition in call order with dense offsets', async () => {
    const bus = await busOpener(await temporaryDataDir())();
    const topic = await createTopic(bus);
    const calls = Array.from({ length: 50 }, (_, i) => bus.produce([{ topic, key: 'k', value: bytes(String(i)) }]));
    const positions = (await Promise.all(calls)).flat();
    expect(positions.map((p) => p.offset)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const { collector } = await consume(bus, { groupId: uniqueName('g'), topics: [topic] });
    const records = await collector.waitForCount(50);
    expect(records.map((r) => text(r.value))).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
  });

  it("hands a partition over only after the old owner's onRevoked has returned, then announces it to the new owner", async () => {
    const bus = await busOpener(await temporaryDataDir())();
    const topic = await createTopic(bus, { partitions: 2 });
    const groupId = uniqueName('g');
    const events: string[] = [];
    let finishRevocation!: () => void;
    const revocationHeld = new Promise<void>((resolve) => (finishRevocation = resolve));
    onTestFinished(() => finishRevocation());
    const a = await consume(bus, {
      groupId,
      topics: [topic],
      onAssigned: async (tps) => void events.push(`a assigned ${tps.map((tp) => tp.partition).join(',')}`),
      onRevoked: async (tps) => {
        events.push(`a revoking ${tps.map((tp) => tp.partition).join(',')}`);
        if (tps.some((tp) => tp.partition === 1)) await revocationHeld;
        events.push('a revoked');
      },
    });
    await letEverythingRun();
    expect(events).toEqual(['a assigned 0,1']);

    await consume(bus, {
      groupId,
      topics: [topic],
      onAssigned: async (tps) => void events.push(`b assigned ${tps.map((tp) => tp.partition).join(',')}`),
    });
    await letEverythingRun();
    expect(events).toEqual(['a assigned 0,1', 'a revoking 1']);
    finishRevocation();
    await letEverythingRun();
    expect(events).toEqual(['a assigned 0,1', 'a revoking 1', 'a revoked', 'b assigned 1']);

    // A stopping member gives back what it still owns.
    await a.subscription.stop();
    await letEverythingRun();
    expect(events.slice(4)).toEqual(['a revoking 0', 'a revoked', 'b assigned 0']);
  });

  it('ends the subscription when onAssigned throws, before any batch', async () => {
    const bus = await busOpener(await temporaryDataDir())();
    const topic = await createTopic(bus);
    await bus.produce([{ topic, key: 'k', value: bytes('v') }]);
    const failure = new TypeError('restore failed');
    const { subscription, collector } = await consume(bus, {
      groupId: uniqueName('g'),
      topics: [topic],
      onAssigned: async () => {
        throw failure;
      },
    });
    expect(await rejectionOf(subscription.done)).toBe(failure);
    expect(collector.records).toEqual([]);
  });
});
