/**
 * `Bus.readPartition` for the embedded log: one partition, outside any
 * consumer group, in chunks, over a range of offsets fixed by the caller.
 */
import type { ConsumedRecord } from '../port.ts';
import { EmbeddedBusError, unknownTopicError } from './embedded-errors.ts';
import type { TopicStore } from './topic-store.ts';

export interface ReadRange {
  readonly topics: TopicStore;
  /** Throws once the bus is closed. */
  readonly assertOpen: () => void;
  readonly maxChunkRecords: number;
  readonly maxChunkBytes: number;
  readonly topic: string;
  readonly partition: number;
  readonly fromOffset: number;
  /** Exclusive; already capped at the log end by the caller. */
  readonly untilOffset: number;
}

export async function* readPartitionRange(range: ReadRange): AsyncGenerator<readonly ConsumedRecord[]> {
  const { topics, topic, partition, fromOffset, untilOffset } = range;
  range.assertOpen();
  const known = topics.get(topic);
  if (!known) throw unknownTopicError(topic, 'readPartition');
  const log = known.logs[partition];
  if (!log) {
    throw new EmbeddedBusError('VIGIA_BUS_UNKNOWN_PARTITION', `topic "${topic}" has no partition ${partition}`, {
      topic,
      partition,
      operation: 'readPartition',
    });
  }
  if (!Number.isSafeInteger(fromOffset) || fromOffset < 0 || fromOffset > log.endOffset) {
    throw new EmbeddedBusError(
      'VIGIA_BUS_OFFSET_OUT_OF_RANGE',
      `cannot read from offset ${fromOffset}: partition ${partition} of "${topic}" holds 0..${log.endOffset}`,
      { topic, partition, offset: fromOffset, operation: 'readPartition' },
    );
  }
  let position = fromOffset;
  while (position < untilOffset) {
    range.assertOpen();
    // Deleted (and maybe re-created) while we were reading: this range no longer exists.
    if (topics.get(topic)?.logs[partition] !== log) throw unknownTopicError(topic, 'readPartition');
    const chunk = await log.read(position, Math.min(range.maxChunkRecords, untilOffset - position), range.maxChunkBytes);
    const last = chunk.at(-1);
    if (last === undefined) return;
    position = last.offset + 1;
    yield chunk;
  }
}
