import { stat } from 'node:fs/promises';
import type { Bus, ConsumedRecord } from '@vigia/bus';
import { readerFormatOfFileName } from '@vigia/ingest';
import { sniffNdjson, type ReplayInputFormat } from '@vigia/replay';
import { decodeTopicValue, type EventChange } from '@vigia/schemas';
import { CliError } from '../cli-errors.ts';
import { openInput, type InputSource } from '../ingest/input-source.ts';

/** Where a replay is: records or bytes read of the total, for the progress bar. */
export interface SourceProgress {
  readonly unit: 'bytes' | 'records';
  readonly read: number;
  readonly total: number | undefined;
}

/**
 * The records of `vigia.events.v1` from `startMs` (record time) to the end
 * offsets when the read starts, every partition merged in timestamp order —
 * the lowest next timestamp first, ties by partition — so the replay meets
 * them roughly as the live stages did, and always in the same order.
 */
export async function* topicChanges(
  bus: Bus,
  topic: string,
  startMs: number | undefined,
  onProgress: (progress: SourceProgress) => void,
  onUndecodable: () => void,
): AsyncGenerator<EventChange> {
  const ends = await bus.admin.endOffsets(topic);
  if (ends.length === 0) throw new CliError('VIGIA_CLI_INPUT_UNREADABLE', `topic ${topic} does not exist or has no partitions`, { context: { topic } });
  const starts = startMs === undefined ? [] : await bus.admin.offsetsForTimestamp(topic, startMs);
  const startOf = (partition: number) => starts.find((entry) => entry.partition === partition)?.offset ?? 0;
  const total = ends.reduce((sum, end) => sum + Math.max(0, end.offset - startOf(end.partition)), 0);
  const cursors = ends
    .filter((end) => end.offset > startOf(end.partition))
    .map((end) => ({
      partition: end.partition,
      chunks: bus.readPartition(topic, end.partition, { fromOffset: startOf(end.partition), untilOffset: end.offset })[Symbol.asyncIterator](),
      chunk: [] as readonly ConsumedRecord[],
      index: 0,
      done: false,
    }));
  let read = 0;
  onProgress({ unit: 'records', read, total });
  const fill = async (cursor: (typeof cursors)[number]) => {
    while (!cursor.done && cursor.index >= cursor.chunk.length) {
      const next = await cursor.chunks.next();
      if (next.done === true) cursor.done = true;
      else {
        cursor.chunk = next.value;
        cursor.index = 0;
      }
    }
  };
  await Promise.all(cursors.map(fill));
  for (;;) {
    let best: (typeof cursors)[number] | undefined;
    for (const cursor of cursors) {
      if (cursor.done) continue;
      const record = cursor.chunk[cursor.index]!;
      if (best === undefined || record.timestampMs < best.chunk[best.index]!.timestampMs) best = cursor;
    }
    if (best === undefined) return;
    const record = best.chunk[best.index]!;
    best.index += 1;
    read += 1;
    if (read % 1000 === 0) onProgress({ unit: 'records', read, total });
    if (best.index >= best.chunk.length) await fill(best);
    if (record.value === null) continue;
    const decoded = decodeTopicValue('vigia.events.v1', record.value);
    if (decoded.ok) yield decoded.value;
    else onUndecodable();
  }
}

/** A file source's format: the flag, the extension, or for NDJSON its first line. */
export async function fileFormat(path: string, flag: ReplayInputFormat | undefined): Promise<ReplayInputFormat> {
  if (flag !== undefined) return flag;
  if (/\.(ndjson|jsonl)$/i.test(path)) {
    const first = await firstLine(path);
    return sniffNdjson(first) ?? { kind: 'reports', format: { kind: 'ndjson' } };
  }
  const format = readerFormatOfFileName(path);
  if (format === undefined) throw new CliError('VIGIA_CLI_USAGE', `cannot tell the format of ${JSON.stringify(path)}; pass --format`);
  return { kind: 'reports', format };
}

async function firstLine(path: string): Promise<string> {
  const input = await openInput(path, undefined);
  let text = '';
  for await (const chunk of input.chunks()) {
    text += Buffer.from(chunk).toString('utf8');
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length > 1 || (lines.length === 1 && text.includes('\n'))) return lines[0] ?? '';
    if (text.length > 1024 * 1024) break;
  }
  return text.split('\n').find((line) => line.trim() !== '') ?? '';
}

/** Opens every file first, so a missing one fails the run before anything is replayed. */
export async function openFiles(paths: readonly string[]): Promise<{ readonly inputs: readonly InputSource[]; readonly totalBytes: number }> {
  const inputs = await Promise.all(paths.map((path) => openInput(path, undefined)));
  const sizes = await Promise.all(paths.map(async (path) => (await stat(path)).size));
  return { inputs, totalBytes: sizes.reduce((sum, size) => sum + size, 0) };
}
