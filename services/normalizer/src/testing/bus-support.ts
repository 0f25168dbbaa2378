import type { Bus, ConsumedRecord } from '@vigia/bus';
import { Lifecycle } from '@vigia/service-kit';
import type { Logger } from 'pino';
import { onTestFinished } from 'vitest';
import type { NormalizerStage } from '../stage/normalizer-stage.ts';

/** Test support for running the stage on a Bus: waiting on conditions and reading topics to their end. */

/** Polls `condition` until it holds; fails naming `label` (and the last value seen) after `timeoutMs`. */
export async function waitUntil<T>(
  probe: () => Promise<T>,
  condition: (value: T) => boolean,
  options: { readonly label: string; readonly timeoutMs?: number; readonly everyMs?: number },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await probe();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.label}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 100));
  }
}

/** Every record of a topic, partition by partition, read to the end. */
export async function readTopic(bus: Bus, topic: string): Promise<ConsumedRecord[]> {
  const ends = await bus.admin.endOffsets(topic);
  const records: ConsumedRecord[] = [];
  for (const { partition, offset } of ends) {
    if (offset === 0) continue;
    for await (const chunk of bus.readPartition(topic, partition)) records.push(...chunk);
  }
  return records;
}

/** Waits until the stage's group has committed every record of its input topic. */
export async function waitForCaughtUp(bus: Bus, stage: NormalizerStage, options: { readonly timeoutMs?: number } = {}): Promise<void> {
  const ends = await bus.admin.endOffsets(stage.topics.raw);
  const target = new Map(ends.filter((end) => end.offset > 0).map((end) => [end.partition, end.offset]));
  await waitUntil(
    () => bus.admin.groupOffsets(stage.groupId, stage.topics.raw),
    (committed) => [...target].every(([partition, end]) => committed.find((c) => c.partition === partition)?.offset === end),
    { label: `group ${stage.groupId} to commit every raw record`, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) },
  );
}

/** Runs a stage in a real service lifecycle, stopped when the test finishes. */
export async function runStage(stage: NormalizerStage, logger: Logger): Promise<Lifecycle> {
  const lifecycle = new Lifecycle({
    logger,
    graceTimeoutMs: 10_000,
    forceTimeoutMs: 20_000,
    exit: (code) => {
      throw new Error(`the lifecycle forced an exit with code ${code}`);
    },
  });
  lifecycle.add(stage);
  onTestFinished(async () => {
    await lifecycle.stop();
  });
  await lifecycle.start();
  if (lifecycle.state !== 'running') throw new Error(`the stage did not start: ${lifecycle.state}`);
  return lifecycle;
}
