/** Contract: topic administration and offset look-ups. */
import { expect, it } from 'vitest';
import { type BusContractHarnessFactory, startSession } from './contract-harness.ts';
import { bytes, createTopic, uniqueName } from './test-helpers.ts';

export function describeAdminContract(factory: BusContractHarnessFactory): void {
  it('ensureTopics is idempotent and never alters an existing topic', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const name = uniqueName('topic');
    const other = uniqueName('topic');
    await bus.admin.ensureTopics([{ name, partitions: 3, cleanupPolicy: 'compact', retentionMs: -1 }]);
    await bus.admin.ensureTopics([{ name, partitions: 3, cleanupPolicy: 'compact', retentionMs: -1 }]);
    // Asking again with other settings neither fails nor changes the partition count.
    await bus.admin.ensureTopics([
      { name, partitions: 5, cleanupPolicy: 'delete' },
      { name: other, partitions: 2, cleanupPolicy: 'delete' },
    ]);

    const topics = await bus.admin.listTopics();
    expect(topics.filter((t) => t === name)).toHaveLength(1);
    expect(topics).toContain(other);
    expect((await bus.admin.endOffsets(name)).map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(await bus.admin.endOffsets(other)).toEqual([
      { partition: 0, offset: 0 },
      { partition: 1, offset: 0 },
    ]);
  });

  it('deleteTopics removes the topics and leaves others alone', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const doomed = await createTopic(bus, { partitions: 2 });
    const kept = await createTopic(bus);
    await bus.produce([{ topic: doomed, key: 'k', value: bytes('v') }]);

    await bus.admin.deleteTopics([doomed]);

    const topics = await bus.admin.listTopics();
    expect(topics).not.toContain(doomed);
    expect(topics).toContain(kept);
    await expect(bus.produce([{ topic: doomed, key: 'k', value: bytes('v') }])).rejects.toMatchObject({
      code: 'VIGIA_BUS_UNKNOWN_TOPIC',
    });
  });

  it('endOffsets report the log end of every partition', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const topic = await createTopic(bus, { partitions: 3 });
    await bus.produce([
      { topic, key: null, value: bytes('a'), partition: 0 },
      { topic, key: null, value: bytes('b'), partition: 2 },
      { topic, key: null, value: bytes('c'), partition: 2 },
    ]);
    expect(await bus.admin.endOffsets(topic)).toEqual([
      { partition: 0, offset: 1 },
      { partition: 1, offset: 0 },
      { partition: 2, offset: 2 },
    ]);
  });

  it('offsetsForTimestamp gives the first offset with a timestamp at or after the time, log end past the last', async (ctx) => {
    const session = startSession(factory);
    if (!session.capabilities.producerTimestamps) ctx.skip();
    const bus = await session.open();
    const topic = await createTopic(bus, { partitions: 2 });
    const baseMs = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
    // Partition 0: times base+0s..+3s; partition 1: +0s, +0s, +5s (equal times, then a gap).
    await bus.produce([
      ...[0, 1, 2, 3].map((i) => ({ topic, key: null, value: bytes(`p0-${i}`), partition: 0, timestampMs: baseMs + i * 1000 })),
      ...[0, 0, 5].map((s, i) => ({ topic, key: null, value: bytes(`p1-${i}`), partition: 1, timestampMs: baseMs + s * 1000 })),
    ]);

    expect(await bus.admin.offsetsForTimestamp(topic, baseMs - 60_000)).toEqual([
      { partition: 0, offset: 0 },
      { partition: 1, offset: 0 },
    ]);
    expect(await bus.admin.offsetsForTimestamp(topic, baseMs)).toEqual([
      { partition: 0, offset: 0 },
      { partition: 1, offset: 0 },
    ]);
    expect(await bus.admin.offsetsForTimestamp(topic, baseMs + 1500)).toEqual([
      { partition: 0, offset: 2 },
      { partition: 1, offset: 2 },
    ]);
    expect(await bus.admin.offsetsForTimestamp(topic, baseMs + 3000)).toEqual([
      { partition: 0, offset: 3 },
      { partition: 1, offset: 2 },
    ]);
    expect(await bus.admin.offsetsForTimestamp(topic, baseMs + 60_000)).toEqual([
      { partition: 0, offset: 4 },
      { partition: 1, offset: 3 },
    ]);
  });
}
