/** Contract: appending and reading back — order, placement, record fields. */
import { expect, it } from 'vitest';
import { partitionForKey } from '../partitioner.ts';
import type { OutgoingRecord } from '../port.ts';
import { type BusContractHarnessFactory, startSession } from './contract-harness.ts';
import { byPartition, bytes, consume, createTopic, rejectionOf, text, uniqueName } from './test-helpers.ts';

export function describeProduceContract(factory: BusContractHarnessFactory): void {
  it('keeps order within each partition across several keys, partitions and produce calls', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const topic = await createTopic(bus, { partitions: 3 });
    const keys = ['lima', 'cusco', 'ayacucho', 'junin', 'puno', 'loreto', 'ucayali'];
    const sent: OutgoingRecord[] = [];
    for (let round = 0; round < 5; round++) {
      const chunk = keys.map((key, i) => ({ topic, key, value: bytes(`${key}:${round}:${i}`) }));
      sent.push(...chunk);
      await bus.produce(chunk);
    }

    const { collector } = await consume(bus, { groupId: uniqueName('g'), topics: [topic] });
    const records = await collector.waitForCount(sent.length, { timeoutMs: session.waitTimeoutMs });

    expect(records).toHaveLength(sent.length);
    for (const [partition, list] of byPartition(records)) {
      expect(
        list.map((r) => r.offset),
        `offsets of partition ${partition}`,
      ).toEqual(list.map((_, i) => i));
    }
    for (const key of keys) {
      const rounds = records.filter((r) => r.key === key).map((r) => Number(text(r.value)?.split(':')[1]));
      expect(rounds, `order of key ${key}`).toEqual([0, 1, 2, 3, 4]);
    }
    for (const batch of collector.batches) {
      const last = batch.records.at(-1);
      if (last) expect(batch.highWatermark).toBeGreaterThan(last.offset);
      expect(batch.records.every((r) => r.topic === batch.topic && r.partition === batch.partition)).toBe(true);
    }
  });

  it('places every key on partitionForKey(key, partitions), and honours an explicit partition', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const partitions = 6;
    const topic = await createTopic(bus, { partitions });
    const keys = Array.from({ length: 40 }, (_, i) => `PE-${String(i).padStart(4, '0')}|coca_ha`);

    const positions = await bus.produce([...keys, ...keys].map((key) => ({ topic, key, value: bytes(key) })));
    positions.forEach((position, i) => {
      const key = keys[i % keys.length]!;
      expect(position.partition, `partition of ${key}`).toBe(partitionForKey(key, partitions));
    });
    const [pinned] = await bus.produce([{ topic, key: keys[0]!, value: null, partition: 5 }]);
    expect(pinned?.partition).toBe(5);

    const { collector } = await consume(bus, { groupId: uniqueName('g'), topics: [topic] });
    const records = await collector.waitForCount(keys.length * 2 + 1, { timeoutMs: session.waitTimeoutMs });
    for (const record of records) {
      if (record.value === null) expect(record.partition).toBe(5);
      else expect(record.partition).toBe(partitionForKey(record.key!, partitions));
    }
  });

  it('returns positions in input order with consecutive offsets per partition', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const topic = await createTopic(bus, { partitions: 2 });
    const first = await bus.produce([
      { topic, key: null, value: bytes('a'), partition: 1 },
      { topic, key: null, value: bytes('b'), partition: 0 },
      { topic, key: null, value: bytes('c'), partition: 1 },
    ]);
    expect(first).toEqual([
      { topic, partition: 1, offset: 0 },
      { topic, partition: 0, offset: 0 },
      { topic, partition: 1, offset: 1 },
    ]);
    const second = await bus.produce([{ topic, key: null, value: bytes('d'), partition: 1 }]);
    expect(second).toEqual([{ topic, partition: 1, offset: 2 }]);
    expect(await bus.produce([])).toEqual([]);
  });

  it('round-trips key, headers, null value (tombstone), empty value and timestamp', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    // A 'delete' topic: Kafka refuses keyless records on compacted topics (INVALID_RECORD),
    // and this test round-trips a null key. Tombstones need no compaction to be stored.
    const topic = await createTopic(bus, { partitions: 1, cleanupPolicy: 'delete' });
    const timestampMs = Date.UTC(2020, 11, 31, 23, 59, 59, 123);
    const headers = { ce_id: 'evt-1', ce_type: 'vigia.seizure.recorded', ce_source: 'pnp/dirandro', note: 'Apurímac ñ ✓' };
    const before = Date.now();
    await bus.produce([
      { topic, key: 'PE-05|seizures', value: bytes('{"kg":1.5}'), headers, timestampMs },
      { topic, key: 'PE-05|seizures', value: null, partition: 0 },
      { topic, key: null, value: new Uint8Array(0), partition: 0 },
      { topic, key: '', value: Uint8Array.from([0, 255, 10, 13]), partition: 0 },
    ]);
    const after = Date.now();

    const { collector } = await consume(bus, { groupId: uniqueName('g'), topics: [topic] });
    const [full, tombstone, empty, binary] = await collector.waitForCount(4, { timeoutMs: session.waitTimeoutMs });

    expect(full).toMatchObject({ topic, partition: 0, offset: 0, key: 'PE-05|seizures', headers });
    expect(text(full!.value)).toBe('{"kg":1.5}');
    if (session.capabilities.producerTimestamps) expect(full!.timestampMs).toBe(timestampMs);
    expect(tombstone).toMatchObject({ offset: 1, key: 'PE-05|seizures', value: null, headers: {} });
    expect(tombstone!.timestampMs).toBeGreaterThanOrEqual(before);
    expect(tombstone!.timestampMs).toBeLessThanOrEqual(after);
    expect(empty).toMatchObject({ offset: 2, key: null, headers: {} });
    expect(empty!.value).not.toBeNull();
    expect(empty!.value!.byteLength).toBe(0);
    expect(binary!.key).toBe('');
    expect([...binary!.value!]).toEqual([0, 255, 10, 13]);
  });

  it('rejects produce to an unknown topic with VIGIA_BUS_UNKNOWN_TOPIC, writes nothing and creates nothing', async () => {
    const session = startSession(factory);
    const bus = await session.open();
    const topic = await createTopic(bus);
    const missing = uniqueName('missing');

    const error = await rejectionOf(
      bus.produce([
        { topic, key: 'k', value: bytes('must not be written') },
        { topic: missing, key: 'k', value: bytes('x') },
      ]),
    );
    expect(error).toMatchObject({ code: 'VIGIA_BUS_UNKNOWN_TOPIC' });
    expect(await bus.admin.listTopics()).not.toContain(missing);
    expect(await bus.admin.endOffsets(topic)).toEqual([{ partition: 0, offset: 0 }]);
  });
}
