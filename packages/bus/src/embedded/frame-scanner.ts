/**
 * Walks the frames of a log file between two byte positions, reading in
 * chunks so memory stays bounded however large the file is.
 */
import type { FileHandle } from 'node:fs/promises';
import { readAt } from './file-io.ts';
import { type FrameRecord, readFrame } from './record-frame.ts';

const CHUNK_BYTES = 256 * 1024;

export interface ScannedFrame {
  readonly record: FrameRecord;
  /** File position of the frame's first byte. */
  readonly position: number;
  readonly frameBytes: number;
}

/** How a scan ended: at `end`, or at a frame that is cut short or corrupt. */
export type ScanEnd =
  | { readonly kind: 'end'; readonly position: number }
  | { readonly kind: 'torn'; readonly position: number; readonly reason: string };

export async function* scanFrames(
  handle: FileHandle,
  start: number,
  end: number,
  maxBodyBytes: number,
): AsyncGenerator<ScannedFrame, ScanEnd, undefined> {
  let chunk: Uint8Array = new Uint8Array(0);
  let chunkStart = start;
  let position = start;
  while (position < end) {
    let result = readFrame(chunk, position - chunkStart, maxBodyBytes);
    if (result.kind === 'incomplete') {
      const want = Math.min(Math.max(CHUNK_BYTES, result.neededBytes), end - position);
      chunk = await readAt(handle, position, want);
      chunkStart = position;
      result = readFrame(chunk, 0, maxBodyBytes);
      if (result.kind === 'incomplete') return { kind: 'torn', position, reason: 'frame cut short by the end of the log' };
    }
    if (result.kind === 'corrupt') return { kind: 'torn', position, reason: result.reason };
    yield { record: result.record, position, frameBytes: result.frameBytes };
    position += result.frameBytes;
  }
  return { kind: 'end', position };
}
