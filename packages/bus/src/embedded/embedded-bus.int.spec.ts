import { describe, expect, it } from 'vitest';
import { describeBusContract } from '../testing/bus-contract.ts';
import { bytes, consume, createTopic, readUntil, rejectionOf, text, uniqueName } from '../testing/test-helpers.ts';
import type { ConsumedRecord } from '../port.ts';
import { crashEmbeddedBus, createEmbeddedBus } from './embedded-bus.ts';
import { RECORD_OVERHEAD_BYTES } from './partition-log.ts';
import { busOpener, logSink, temporaryDataDir } from './testing/embedded-test-support.ts';

describeBusContract('embedded', () => {
  // Called inside each test: a fresh directory per test, shared by the buses the test opens.
  const dataDirReady = temporaryDataDir();
  return {
    open: async () => busOpener(await dataDirReady)(),
    crash: (bus) => crashEmbeddedBus(bus),
    waitTimeoutMs: 10_000,
  };
});

describe('embedded bus', () => {
  it('refuses unknown topics, partitions and offsets before writing anything', async () => {
    const open = busOpener(await temporaryDataDir());
    const bus = await open();
    const topic = await createTopic(bus, { partitions: 2 });

    await expect(bus.produce([{ topic, key: 'k', value: null, partition: 2 }])).rejects.toMatchObject({
      code: 'VIGIA_BUS_UNKNOWN_PARTITION',
      partition: 2,
    });
    await expect(bus.subscribe({ groupId: 'g', topics: [uniqueName('missing')], eachBatch: async () => {} })).rejects.toMatchObject({
      code: 'VIGIA_BUS_UNKNOWN_TOPIC',
    });
    await expect(bus.produce([{ topic, key: 'k', value: bytes('x'), timestampMs: -5 }])).rejects.toMatchObject({
      code: 'VIGIA_BUS_INVALID_ARGUMENT',
    });
    await expect(bus.admin.ensureTopics([{ name: 'bad/name', partitions: 1, cleanupPolicy: 'delete' }])).rejects.toMatchObject({
      code: 'VIGIA_BUS_INVALID_ARGUMENT',
    });
    await expect(bus.admin.setGroupOffsets('g', topic, [{ partition: 0, offset: 1 }])).rejects.toMatchObject({
      code: 'VIGIA_BUS_OFFSET_OUT_OF_RANGE',
    });
    expect(await bus.admin.endOffsets(topic)).toEqual([
      { partition: 0, offset: 0 },
      { partition: 1, offset: 0 },
    ]);
  });

  it('refuses a record larger than maxRecordBytes', async () => {
    const open = busOpener(await temporaryDataDir(), { maxRecordBytes: 1024 });
    const bus = await open();
    const topic = await createTopic(bus);
    await expect(bus.produce([{ topic, key: 'k', value: new Uint8Array(2048) }])).rejects.toMatchObject({
      code: 'VIGIA_BUS_RECORD_TOO_LARGE',
    });
    await expect(bus.produce([{ topic, key: 'k', value: new Uint8Array(900) }])).resolves.toHaveLength(1);
  });

  it('rejects a commit whose nextOffset lies beyond the log end, and writes none of its outputs', async () => {
    const open = busOpener(await temporaryDataDir());
    const bus = await open();
    const input = await createTopic(bus);
    const output = await createTopic(bus);
    await bus.produce([{ topic: input, key: 'k', value: bytes('v') }]);
    let refusal: unknown;
    const { subscription } = await consume(bus, {
      groupId: uniqueName('g'),
      topics: [input],
      commit: 'none',
      async onBatch(_batch, context) {
        refusal = await context.commit([{ topic: output, key: 'k', value: bytes('out') }], 99).catch((error: unknown) => error);
        throw refusal;
      },
    });
    expect(await rejectionOf(subscription.done)).toBe(refusal);
    expect(refusal).toMatchObject({ code: 'VIGIA_BUS_OFFSET_OUT_OF_RANGE', offset: 99 });
    expect(await bus.admin.endOffsets(output)).toEqual([{ partition: 0, offset: 0 }]);
  });

  it('keeps every record of a compacted topic (readers take the last value per key) and refuses keyless records', async () => {
    const open = busOpener(await temporaryDataDir());
    const bus = await open();
    const topic = await createTopic(bus, { cleanupPolicy: 'compact' });
    await bus.produce([
      { topic, key: 'PE-03|coca_ha', value: bytes('1') },
      { topic, key: 'PE-03|coca_ha', value: bytes('2') },
      { topic, key: 'PE-03|coca_ha', value: null },
    ]);
    const records = await readUntil(bus, topic, (rs) => rs.length === 3);
    expect(records.map((r) => text(r.value))).toEqual(['1', '2', null]);
    // Like Kafka (INVALID_RECORD): compaction needs a key.
    await expect(bus.produce([{ topic, key: null, value: bytes('keyless'), partition: 0 }])).rejects.toMatchObject({
      code: 'VIGIA_BUS_INVALID_ARGUMENT',
    });
  });

  it('forgets a deleted topic: re-created under the same name it starts empty, and groups start over', async () => {
    const open = busOpener(await temporaryDataDir());
    let bus = await open();
    const topic = await createTopic(bus);
    const groupId = uniqueName('g');
    await bus.produce([{ topic, key: 'k', value: bytes('old') }]);
    const first = await consume(bus, { groupId, topics: [topic] });
    await first.collector.waitForCount(1);
    await first.subscription.stop();
    expect(await bus.admin.groupOffsets(groupId, topic)).toEqual([{ partition: 0, offset: 1 }]);

    await bus.admin.deleteTopics([topic]);
    await bus.admin.ensureTopics([{ name: topic, partitions: 1, cleanupPolicy: 'delete' }]);
    expect(await bus.admin.groupOffsets(groupId, topic)).toEqual([]);
    await bus.close();
    bus = await open();
    expect(await bus.admin.endOffsets(topic)).toEqual([{ partition: 0, offset: 0 }]);
    expect(await bus.admin.groupOffsets(groupId, topic)).toEqual([]);
    await bus.produce([{ topic, key: 'k', value: bytes('new') }]);
    const again = await consume(bus, { groupId, topics: [topic] });
    const [record] = await again.collector.waitForCount(1);
    expect(text(record!.value)).toBe('new');
  });

  it('reads records back by offset and by timestamp, before and after reopening', async () => {
    const open = busOpener(await temporaryDataDir(), { maxBatchBytes: 512 });
    let bus = await open();
    const topic = await createTopic(bus);
    const baseMs = 1_600_000_000_000;
    for (let chunk = 0; chunk < 10; chunk++) {
      await bus.produce(
        Array.from({ length: 50 }, (_, i) => {
          const n = chunk * 50 + i;
          return { topic, key: `k${n % 13}`, value: bytes(`v${n}`), timestampMs: baseMs + n * 10, headers: { n: String(n) } };
        }),
      );
    }
    for (const reopen of [false, true]) {
      if (reopen) {
        await bus.close();
        bus = await open();
      }
      expect(await bus.admin.offsetsForTimestamp(topic, baseMs + 2_345)).toEqual([{ partition: 0, offset: 235 }]);
      expect(await bus.admin.offsetsForTimestamp(topic, baseMs + 4_990)).toEqual([{ partition: 0, offset: 499 }]);
      expect(await bus.admin.offsetsForTimestamp(topic, baseMs + 4_991)).toEqual([{ partition: 0, offset: 500 }]);
      const groupId = uniqueName('g');
      await bus.admin.setGroupOffsets(groupId, topic, [{ partition: 0, offset: 123 }]);
      const { collector } = await consume(bus, { groupId, topics: [topic], maxBatchRecords: 40 });
      const records = await collector.waitForCount(500 - 123);
      expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 377 }, (_, i) => 123 + i));
      expect(records.every((r) => text(r.value) === `v${r.offset}` && r.headers['n'] === String(r.offset))).toBe(true);
      expect(records.every((r) => r.timestampMs === baseMs + r.offset * 10)).toBe(true);
    }
  });

  it('keeps a header named __proto__ as a header, through produce, the log and a read', async () => {
    const bus = await busOpener(await temporaryDataDir())();
    const topic = await createTopic(bus);
    const sent = JSON.parse('{"__proto__":"x","ce_id":"y"}') as Record<string, string>;
    await bus.produce([{ topic, key: 'k', value: bytes('v'), headers: sent }]);
    const read: ConsumedRecord[] = [];
    for await (const chunk of bus.readPartition(topic, 0)) read.push(...chunk);
    const headers = read[0]!.headers;
    expect(Object.keys(headers).sort()).toEqual(['__proto__', 'ce_id']);
    expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    await bus.close();
  });

  it('reads records of mixed sizes in full chunks of at most maxBatchBytes, in order, each once', async () => {
    const maxBatchBytes = 32_768;
    const bus = await busOpener(await temporaryDataDir(), { maxBatchBytes })();
    const topic = await createTopic(bus);
    // Sizes that change abruptly, so a chunk sized by the records before it guesses wrong both ways.
    const sizes = Array.from({ length: 2_000 }, (_, n) => (n % 397 === 0 ? 30_000 : n % 41 === 0 ? 1_500 : 5 + ((n * 37) % 300)));
    await bus.produce(sizes.map((size, n) => ({ topic, key: `k${n}`, value: bytes(String(n).padEnd(size, '.')), headers: { n: String(n) } })));
    const sizeOf = (record: ConsumedRecord) =>
      RECORD_OVERHEAD_BYTES + (record.value?.length ?? 0) + (record.key?.length ?? 0) + JSON.stringify(record.headers).length;
    const chunks: ConsumedRecord[][] = [];
    for await (const chunk of bus.readPartition(topic, 0)) chunks.push([...chunk]);
    const records = chunks.flat();
    expect(records.map((record) => record.offset)).toEqual(sizes.map((_, n) => n));
    expect(records.every((record, n) => record.value?.length === sizes[n] && record.headers['n'] === String(n))).toBe(true);
    chunks.forEach((chunk, index) => {
      const total = chunk.reduce((sum, record) => sum + sizeOf(record), 0);
      if (chunk.length > 1) expect(total).toBeLessThanOrEqual(maxBatchBytes);
      const next = chunks[index + 1]?.[0];
      // Full: the next record would not have fitted (or the chunk hit the record count limit).
      if (next !== undefined && chunk.length < 500) expect(total + sizeOf(next)).toBeGreaterThan(maxBatchBytes);
    });
    await bus.close();
  });

  it('works without fsync (fsync: "never") and refuses an unknown fsync policy', async () => {
    const dataDir = await temporaryDataDir();
    const open = busOpener(dataDir, { fsync: 'never' });
    let bus = await open();
    const topic = await createTopic(bus);
    await bus.produce([{ topic, key: 'k', value: bytes('v') }]);
    await bus.close();
    bus = await open();
    expect(await bus.admin.endOffsets(topic)).toEqual([{ partition: 0, offset: 1 }]);
    await expect(createEmbeddedBus({ dataDir, logger: logSink().logger, fsync: 'sometimes' as 'never' })).rejects.toMatchObject({
      code: 'VIGIA_BUS_INVALID_ARGUMENT',
    });
  });
});
