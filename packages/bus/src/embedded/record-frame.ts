/**
 * The on-disk frame of one record. Pure: bytes in, bytes out.
 *
 *   u32 bodyLength | u32 crc32(body) | body
 *   body = u8 magic (1) | u8 attributes (0) | i64 offset | i64 timestampMs
 *        | i32 keyLength (-1 = null) | key (UTF-8)
 *        | i32 valueLength (-1 = null) | value
 *        | u32 headerCount | (u32 nameLength | name | u32 valueLength | value)*
 *
 * Big-endian like Kafka's wire format. The CRC covers the whole body, so a torn
 * or overwritten tail is detected on open; the offset inside the body catches a
 * frame that is intact but in the wrong place.
 */
import { crc32 } from 'node:zlib';

export const FRAME_HEADER_BYTES = 8;
const MAGIC = 1;
/** Smallest possible body: magic, attributes, offset, timestamp, two lengths, header count. */
export const MIN_BODY_BYTES = 1 + 1 + 8 + 8 + 4 + 4 + 4;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A record as stored: what the frame holds. */
export interface FrameRecord {
  readonly offset: number;
  readonly timestampMs: number;
  readonly key: string | null;
  readonly value: Uint8Array | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** Size of the frame `encodeFrame` would produce, without encoding the value. */
export function encodedFrameBytes(record: Omit<FrameRecord, 'offset' | 'timestampMs'>): number {
  let bytes = FRAME_HEADER_BYTES + MIN_BODY_BYTES + (record.value?.length ?? 0);
  if (record.key !== null) bytes += Buffer.byteLength(record.key, 'utf8');
  for (const [name, value] of Object.entries(record.headers)) {
    bytes += 8 + Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  return bytes;
}

/** Encodes one record into a complete frame (header + body). */
export function encodeFrame(record: FrameRecord): Buffer {
  const key = record.key === null ? null : encoder.encode(record.key);
  const headers = Object.entries(record.headers).map(([name, value]) => [encoder.encode(name), encoder.encode(value)] as const);
  let bodyLength = MIN_BODY_BYTES + (key?.length ?? 0) + (record.value?.length ?? 0);
  for (const [name, value] of headers) bodyLength += 8 + name.length + value.length;

  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + bodyLength);
  let at = FRAME_HEADER_BYTES;
  at = frame.writeUInt8(MAGIC, at);
  at = frame.writeUInt8(0, at);
  at = frame.writeBigInt64BE(BigInt(record.offset), at);
  at = frame.writeBigInt64BE(BigInt(record.timestampMs), at);
  at = writeBytes(frame, at, key, true);
  at = writeBytes(frame, at, record.value, true);
  at = frame.writeUInt32BE(headers.length, at);
  for (const [name, value] of headers) {
    at = writeBytes(frame, at, name, false);
    at = writeBytes(frame, at, value, false);
  }
  frame.writeUInt32BE(bodyLength, 0);
  frame.writeUInt32BE(crc32(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

function writeBytes(frame: Buffer, at: number, bytes: Uint8Array | null, nullable: boolean): number {
  if (bytes === null) return nullable ? frame.writeInt32BE(-1, at) : frame.writeUInt32BE(0, at);
  const next = nullable ? frame.writeInt32BE(bytes.length, at) : frame.writeUInt32BE(bytes.length, at);
  frame.set(bytes, next);
  return next + bytes.length;
}

/** Outcome of reading a frame at a position of a buffer. */
export type FrameReadResult =
  | { readonly kind: 'frame'; readonly record: FrameRecord; readonly frameBytes: number }
  /** The buffer ends inside the frame; `neededBytes` from `at` would complete it (if the length is plausible). */
  | { readonly kind: 'incomplete'; readonly neededBytes: number }
  | { readonly kind: 'corrupt'; readonly reason: string };

/**
 * Reads the frame starting at `at`. `maxBodyBytes` bounds the length field so
 * garbage cannot make the reader allocate gigabytes.
 */
export function readFrame(buffer: Uint8Array, at: number, maxBodyBytes: number): FrameReadResult {
  const view = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (view.length - at < FRAME_HEADER_BYTES) return { kind: 'incomplete', neededBytes: FRAME_HEADER_BYTES };
  const bodyLength = view.readUInt32BE(at);
  if (bodyLength < MIN_BODY_BYTES || bodyLength > maxBodyBytes) {
    return { kind: 'corrupt', reason: `implausible body length ${bodyLength}` };
  }
  const frameBytes = FRAME_HEADER_BYTES + bodyLength;
  if (view.length - at < frameBytes) return { kind: 'incomplete', neededBytes: frameBytes };
  const body = view.subarray(at + FRAME_HEADER_BYTES, at + frameBytes);
  if (crc32(body) !== view.readUInt32BE(at + 4)) return { kind: 'corrupt', reason: 'CRC mismatch' };
  try {
    return { kind: 'frame', record: decodeBody(body), frameBytes };
  } catch (error) {
    return { kind: 'corrupt', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Decodes a body whose CRC already matched; throws RangeError on a malformed one. */
function decodeBody(body: Buffer): FrameRecord {
  if (body.readUInt8(0) !== MAGIC) throw new RangeError(`unknown frame magic ${body.readUInt8(0)}`);
  let at = 2;
  const offset = Number(body.readBigInt64BE(at));
  at += 8;
  const timestampMs = Number(body.readBigInt64BE(at));
  at += 8;
  const key = readBytes(body, at, true);
  at = key.next;
  const value = readBytes(body, at, true);
  at = value.next;
  const headerCount = body.readUInt32BE(at);
  at += 4;
  const headers: Record<string, string> = {};
  for (let i = 0; i < headerCount; i++) {
    const name = readBytes(body, at, false);
    const headerValue = readBytes(body, name.next, false);
    at = headerValue.next;
    // defineProperty, not assignment: a header named "__proto__" must stay a header.
    Object.defineProperty(headers, decoder.decode(name.bytes!), {
      value: decoder.decode(headerValue.bytes!),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (at !== body.length) throw new RangeError(`frame body has ${body.length - at} trailing bytes`);
  return {
    offset,
    timestampMs,
    key: key.bytes === null ? null : decoder.decode(key.bytes),
    // A copy: a slice of the read buffer would pin the whole chunk in memory.
    value: value.bytes === null ? null : new Uint8Array(value.bytes),
    headers: Object.freeze(headers),
  };
}

function readBytes(body: Buffer, at: number, nullable: boolean): { bytes: Buffer | null; next: number } {
  const length = nullable ? body.readInt32BE(at) : body.readUInt32BE(at);
  const start = at + 4;
  if (length === -1 && nullable) return { bytes: null, next: start };
  if (length < 0 || start + length > body.length) throw new RangeError(`field length ${length} overruns the frame`);
  return { bytes: body.subarray(start, start + length), next: start + length };
}
