/** Contract: reading a partition outside any consumer group (state restore, replays). */
import { expect, it } from 'vitest';
import type { Bus, ConsumedRecord, ReadPartitionOptions } from '../port.ts';
import { type BusContractHarnessFactory, startSession } from './contract-harness.ts';
import { bytes, createTopic, text, uniqueName } from './test-helpers.ts';

async function readAll(bus: Bus, topic: string, partition: number, options?: ReadPartitionOptions) {
  const chunks: (readonly ConsumedRecord[])[] = [];
  for await (const chunk of bus.readPartition(topic, partition, options)) chunks.push(chunk);
  return chunks;
}

export function describeReadContract(factory: BusContractHarnessFactory): void {
  it('readPartition reads one partition in offset order, from and until an offset, without a group', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const topic = await createTopic(bus, { partitions: 2 });
    await bus.produce([
      ...Array.from({ length: 30 }, (_, i) => ({ topic, key: `k${i}`, value: bytes(`v${i}`), partition: 1, headers: { i: String(i) } })),
      { topic, key: 'other', value: bytes('p0'), partition: 0 },
    ]);

    const chunks = await readAll(bus, topic, 1);
    expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
    const records = chunks.flat();
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(records.every((r) => r.topic === topic && r.partition === 1 && text(r.value) === `v${r.offset}` && r.headers['i'] === String(r.offset))).toBe(true);

    const range = (await readAll(bus, topic, 1, { fromOffset: 5, untilOffset: 12 })).flat();
    expect(range.map((r) => r.offset)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect((await readAll(bus, topic, 1, { fromOffset: 30 })).flat()).toEqual([]);
    expect((await readAll(bus, topic, 0)).flat().map((r) => r.key)).toEqual(['other']);
  });

  it('readPartition of an empty partition ends at once, and an unknown topic fails with VIGIA_BUS_UNKNOWN_TOPIC', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const topic = await createTopic(bus);
    expect(await readAll(bus, topic, 0)).toEqual([]);
    await expect(readAll(bus, uniqueName('missing'), 0)).rejects.toMatchObject({ code: 'VIGIA_BUS_UNKNOWN_TOPIC' });
  });
}
