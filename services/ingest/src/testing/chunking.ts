import fc from 'fast-check';

/** Bytes cut at the given points: how a stream may deliver them. */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => Math.min(Math.max(cut, 0), bytes.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/** Arbitrary cut points for `splitAt` (including empty chunks). */
export const cutsArbitrary = fc.array(fc.nat({ max: 4096 }), { maxLength: 12 });

/** Feeds chunks to a push parser and collects everything it returns, `end()` included. */
export function feed<T>(parser: { push(chunk: Uint8Array): T[]; end(): T[] }, chunks: readonly Uint8Array[]): T[] {
  const out: T[] = [];
  for (const chunk of chunks) out.push(...parser.push(chunk));
  out.push(...parser.end());
  return out;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
export const textOf = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
