/**
 * What a stateful stage's changelog holds once compacted: the latest non-null
 * record per key, its bytes (key + value, as the broker stores and a restore
 * reads them) and the number of (region, metric) series those keys belong to.
 * Both sides' changelogs are read the same way, raw bytes through kafkajs,
 * because Kafka Streams' window-store keys end in binary (timestamp, sequence).
 */
import { randomUUID } from 'node:crypto';
import type kafkajs from 'kafkajs';
import type { Bus } from '@vigia/bus';
import { groupCaughtUp, until } from '../kafka-progress.ts';

export interface ChangelogSize {
  readonly liveKeys: number;
  readonly liveBytes: number;
  readonly series: ReadonlySet<string>;
}

/** `seriesOf` maps a raw key to its `region|metric`. */
export async function changelogSize(kafka: kafkajs.Kafka, bus: Bus, topic: string, seriesOf: (key: Buffer) => string): Promise<ChangelogSize> {
  const groupId = `bench-changelog-size-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  const live = new Map<string, { bytes: number; series: string }>();
  let crashed = false;
  consumer.on(consumer.events.CRASH, () => (crashed = true));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        if (message.key === null) continue;
        const id = message.key.toString('base64');
        if (message.value === null) live.delete(id);
        else live.set(id, { bytes: message.key.byteLength + message.value.byteLength, series: seriesOf(message.key) });
      }
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }]);
    },
  });
  await until(
    () => groupCaughtUp(bus, groupId, topic),
    () => crashed,
    `reading ${topic}`,
  );
  await consumer.disconnect();
  let liveBytes = 0;
  const series = new Set<string>();
  for (const entry of live.values()) {
    liveBytes += entry.bytes;
    series.add(entry.series);
  }
  return { liveKeys: live.size, liveBytes, series };
}

/** `region|metric|day` → `region|metric` (Vigía's `vigia.aggregator.changelog.v1` keys). */
export function vigiaBucketSeries(key: Buffer): string {
  const text = key.toString('utf8');
  return text.slice(0, text.lastIndexOf('|'));
}

/** Kafka Streams window-store changelog key: `region|metric` + 8-byte window start + 4-byte sequence number. */
export function peerBucketSeries(key: Buffer): string {
  return key.subarray(0, key.byteLength - 12).toString('utf8');
}

/** Kafka Streams key-value changelog key: `region|metric`. */
export function peerTrailingSeries(key: Buffer): string {
  return key.toString('utf8');
}
