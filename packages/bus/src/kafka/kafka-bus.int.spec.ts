/**
 * The Kafka adapter against a real broker: what only Kafka has (transactions seen by
 * read_committed readers, zombie fencing, kafkajs logs in pino). The shared Bus
 * contract runs in kafka-bus-contract.int.spec.ts.
 */
import { Writable } from 'node:stream';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import type { Bus } from '../port.ts';
import { bytes, consume, createTopic, readUntil, RecordCollector, rejectionOf, text, uniqueName } from '../testing/test-helpers.ts';
import { createKafkaBus, type KafkaBusConfig } from './index.ts';
import { kafkaTestConfig } from './kafka-test-config.ts';

declare module 'vitest' {
  // Provided by tests/support/kafka-global-setup.ts (same declaration: that file is outside this package's tsconfig).
  export interface ProvidedContext {
    kafkaBrokers: string[];
  }
}

const brokers = inject('kafkaBrokers');
const silent = pino({ level: 'silent' });

const testConfig = kafkaTestConfig(brokers);

function openBus(overrides: Partial<KafkaBusConfig> = {}, logger = silent): Bus {
  const bus = createKafkaBus({ ...testConfig, ...overrides }, logger);
  onTestFinished(() => bus.close());
  return bus;
}

/** Writes one transaction per entry with a foreign kafkajs producer, committing or aborting each. */
async function writeTransactions(topic: string, transactions: readonly (readonly [string, 'commit' | 'abort'])[]): Promise<void> {
  const producer = new kafkajs.Kafka({ brokers, logLevel: 0 }).producer({ transactionalId: uniqueName('foreign'), maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (const [value, outcome] of transactions) {
      const transaction = await producer.transaction();
      await transaction.send({ topic, messages: [{ key: value, value }] });
      await (outcome === 'commit' ? transaction.commit() : transaction.abort());
    }
  } finally {
    await producer.disconnect();
  }
}

function gate(): { readonly promise: Promise<void>; readonly open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('kafka bus', () => {
  it('reads committed data only: an aborted transaction stays invisible and the group commits past its markers', async () => {
    const bus = openBus();
    const topic = await createTopic(bus, { prefix: 'txn' });
    await writeTransactions(topic, [
      ['a', 'commit'],
      ['x', 'abort'],
      ['b', 'commit'],
    ]);

    const groupId = uniqueName('g');
    const { collector, subscription } = await consume(bus, { groupId, topics: [topic] });
    const records = await collector.waitFor((rs) => rs.some((r) => r.key === 'b'), { label: 'record b' });
    expect(records.map((r) => text(r.value))).toEqual(['a', 'b']);
    await subscription.stop();
    // a, marker, x, abort marker, b, marker: the group's position is the log end, not b + 1.
    expect(await bus.admin.endOffsets(topic)).toEqual([{ partition: 0, offset: 6 }]);
    expect(await bus.admin.groupOffsets(groupId, topic)).toEqual([{ partition: 0, offset: 6 }]);
  });

  it('readPartition returns committed records only and ends even when the log ends in transaction markers', async () => {
    const bus = openBus();
    const topic = await createTopic(bus, { prefix: 'txn' });
    await writeTransactions(topic, [
      ['a', 'commit'],
      ['b', 'commit'],
      ['x', 'abort'],
      ['y', 'abort'],
    ]);

    const read = async (options?: { fromOffset?: number; untilOffset?: number }) => {
      const records = [];
      for await (const chunk of bus.readPartition(topic, 0, options)) records.push(...chunk);
      return records.map((r) => `${r.offset}:${text(r.value)}`);
    };
    // a, marker, b, marker, x, abort marker, y, abort marker: the last delivered record is far from the end.
    expect(await read()).toEqual(['0:a', '2:b']);
    expect(await read({ fromOffset: 1 })).toEqual(['2:b']);
    expect(await read({ fromOffset: 3 })).toEqual([]);
  });

  it('stops a partition read when the caller breaks out, and refuses ranges outside the log', async () => {
    const bus = openBus();
    const topic = await createTopic(bus, { partitions: 3 });
    await bus.produce(Array.from({ length: 1200 }, (_, i) => ({ topic, key: null, value: bytes(`v${i}`), partition: 2 })));
    let chunks = 0;
    for await (const chunk of bus.readPartition(topic, 2)) {
      expect(chunk.length).toBeLessThanOrEqual(500);
      chunks += 1;
      break;
    }
    expect(chunks).toBe(1);
    await expect(bus.readPartition(topic, 3)[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'VIGIA_BUS_UNKNOWN_PARTITION' });
    await expect(bus.readPartition(topic, 2, { fromOffset: 1201 })[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      code: 'VIGIA_BUS_OFFSET_OUT_OF_RANGE',
    });
  });

  it('fences a zombie: once its partition moved on, a stalled member can no longer commit', async () => {
    // The minimum session timeout brokers allow: the stalled member is dropped after 6 s.
    const zombieBus = openBus({ sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000 });
    const bus = openBus();
    const input = await createTopic(bus, { prefix: 'in' });
    const output = await createTopic(bus, { prefix: 'out' });
    const groupId = uniqueName('g');
    const transactionalId = groupId;
    await bus.produce([{ topic: input, key: 'vraem', value: bytes('incident') }]);

    const held = gate();
    const started = new RecordCollector();
    let settleZombie!: (outcome: unknown) => void;
    const zombieOutcome = new Promise<unknown>((resolve) => (settleZombie = resolve));
    await consume(zombieBus, {
      groupId,
      topics: [input],
      transactionalId,
      commit: 'none',
      async onBatch(batch, context) {
        started.add(batch);
        // Stalled (a GC pause, a hung call): no heartbeats, so the group drops this member.
        await held.promise;
        const next = batch.records.at(-1)!.offset + 1;
        try {
          await context.commit([{ topic: output, key: 'zombie', value: bytes('zombie') }], next);
          settleZombie('committed');
        } catch (error) {
          settleZombie(error);
        }
      },
    });
    await started.waitForCount(1);

    const successor = await consume(bus, {
      groupId,
      topics: [input],
      transactionalId,
      commit: 'none',
      async onBatch(batch, context) {
        await context.commit([{ topic: output, key: 'successor', value: bytes('successor') }], batch.records.at(-1)!.offset + 1);
      },
    });
    await successor.collector.waitForCount(1);
    held.open();

    expect(await zombieOutcome).toMatchObject({ code: 'VIGIA_BUS_PRODUCER_FENCED', retriable: false });
    await bus.produce([{ topic: output, key: 'sentinel', value: bytes('sentinel') }]);
    const seen = await readUntil(bus, output, (rs) => rs.some((r) => r.key === 'sentinel'));
    expect(seen.map((r) => r.key)).toEqual(['successor', 'sentinel']);
    expect(await bus.admin.groupOffsets(groupId, input)).toEqual([{ partition: 0, offset: 1 }]);
  });

  it('writes kafkajs logs into the given pino logger', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line));
        callback();
      },
    });
    const bus = openBus({}, pino({ level: 'info' }, sink));
    const topic = await createTopic(bus);
    const { subscription } = await consume(bus, { groupId: uniqueName('g'), topics: [topic] });
    await subscription.stop();
    expect(lines.some((l) => l.component === 'kafkajs' && l.namespace === 'ConsumerGroup' && l.level === 30)).toBe(true);
  });

  it('refuses a keyless record on a compacted topic, as the broker does, and keeps producing afterwards', async () => {
    const bus = openBus();
    const topic = await createTopic(bus, { cleanupPolicy: 'compact' });
    await expect(bus.produce([{ topic, key: null, value: bytes('no key') }])).rejects.toMatchObject({
      code: 'VIGIA_BUS_INVALID_ARGUMENT',
      retriable: false,
    });
    expect(await bus.produce([{ topic, key: 'PE-05', value: bytes('keyed') }])).toEqual([{ topic, partition: 0, offset: 0 }]);
  });

  it('fails fast on an unknown topic when subscribing', async () => {
    const bus = openBus();
    const error = await rejectionOf(bus.subscribe({ groupId: uniqueName('g'), topics: [uniqueName('missing')], eachBatch: async () => {} }));
    expect(error).toMatchObject({ code: 'VIGIA_BUS_UNKNOWN_TOPIC', retriable: false });
  });
});
