/**
 * "Done" for a benchmark on Kafka: a consumer group has committed past every
 * committed record of a topic — not the first output, nor the last record seen.
 */
import { randomUUID } from 'node:crypto';
import type kafkajs from 'kafkajs';
import type { Bus } from '@vigia/bus';
import { timed } from './bench-support.ts';

/**
 * True when `groupId` has nothing left to read on `topic`. A committed offset
 * one below the log end still counts as done when what lies there is a
 * transaction marker (Kafka Streams commits the offset after its last record;
 * the marker of that transaction follows it) — read only then: while a group
 * is still busy, Kafka Streams purges its repartition topics up to what it
 * committed, and a read from an offset purged in the meantime would wait for
 * records that never come (hence also the read's timeout).
 */
export async function groupCaughtUp(bus: Bus, groupId: string, topic: string): Promise<boolean> {
  const ends = (await bus.admin.endOffsets(topic)).filter((end) => end.offset > 0);
  const committed = await bus.admin.groupOffsets(groupId, topic);
  const oneShort: { partition: number; offset: number }[] = [];
  for (const end of ends) {
    const offset = committed.find((c) => c.partition === end.partition)?.offset ?? -1;
    if (offset >= end.offset) continue;
    if (offset !== end.offset - 1) return false;
    oneShort.push({ partition: end.partition, offset });
  }
  for (const { partition, offset } of oneShort) {
    if (!(await onlyMarkerAt(bus, topic, partition, offset))) return false;
  }
  return true;
}

/** Reading a purged offset waits forever; after this long the check says "not yet" and is asked again. */
const markerReadTimeoutMs = 5_000;

async function onlyMarkerAt(bus: Bus, topic: string, partition: number, offset: number): Promise<boolean> {
  const read = (async () => {
    for await (const records of bus.readPartition(topic, partition, { fromOffset: offset, untilOffset: offset + 1 })) {
      if (records.length > 0) return false;
    }
    return true;
  })();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), markerReadTimeoutMs)));
  try {
    return await Promise.race([read, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `condition` every 50 ms; throws as soon as `failed()` says the system under test died. */
export async function until(condition: () => Promise<boolean>, failed: () => boolean, what: string): Promise<void> {
  while (!(await condition())) {
    if (failed()) throw new Error(`${what} failed; see its log on stderr`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The baseline of the pipeline benchmarks: a raw kafkajs group copies `input`
 * to `output` (idempotent producer, acks=all), committing after each fetched
 * batch; seconds until the group committed to the end of `input`.
 */
export async function passthrough(kafka: kafkajs.Kafka, bus: Bus, input: string, output: string): Promise<number> {
  const groupId = `bench-passthrough-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let crashed = false;
  consumer.on(consumer.events.CRASH, () => (crashed = true));
  const seconds = await timed(async () => {
    await consumer.connect();
    await consumer.subscribe({ topic: input, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        await producer.send({ topic: output, acks: -1, messages: batch.messages.map((m) => ({ key: m.key, value: m.value })) });
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }]);
      },
    });
    await until(
      () => groupCaughtUp(bus, groupId, input),
      () => crashed,
      'the kafkajs passthrough',
    );
  });
  await consumer.disconnect();
  await producer.disconnect();
  return seconds;
}
