/**
 * "Done" for a benchmark on Kafka: a consumer group has committed past every
 * committed record of a topic — not the first output, nor the last record seen.
 */
import type { Bus } from '@vigia/bus';

/**
 * True when `groupId` has nothing left to read on `topic`. A committed offset
 * below the log end still counts as done when only transaction markers lie
 * beyond it (Kafka Streams commits the offset after its last record, and the
 * marker of a transactional producer's last commit follows that record).
 */
export async function groupCaughtUp(bus: Bus, groupId: string, topic: string): Promise<boolean> {
  const ends = (await bus.admin.endOffsets(topic)).filter((end) => end.offset > 0);
  const committed = await bus.admin.groupOffsets(groupId, topic);
  for (const end of ends) {
    const offset = committed.find((c) => c.partition === end.partition)?.offset ?? -1;
    if (offset >= end.offset) continue;
    if (offset < 0) return false;
    for await (const records of bus.readPartition(topic, end.partition, { fromOffset: offset, untilOffset: end.offset })) {
      if (records.length > 0) return false;
    }
  }
  return true;
}

/** Polls `condition` every 50 ms; throws as soon as `failed()` says the system under test died. */
export async function until(condition: () => Promise<boolean>, failed: () => boolean, what: string): Promise<void> {
  while (!(await condition())) {
    if (failed()) throw new Error(`${what} failed; see its log on stderr`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
