import { createRecordReader } from '@vigia/ingest';
import { describe, expect, it } from 'vitest';
import { readBatches } from './batches.ts';
import type { InputSource } from './input-source.ts';

/** An endless-looking input generated on demand, counting how far it was read. */
function generatedInput(chunks: number, recordsPerChunk: number) {
  let pulled = 0;
  const source: InputSource & { readonly pulled: number } = {
    name: 'generated.ndjson',
    totalBytes: undefined,
    bytesRead: 0,
    get pulled() {
      return pulled;
    },
    async *chunks() {
      for (let c = 0; c < chunks; c += 1) {
        pulled += 1;
        const lines = Array.from({ length: recordsPerChunk }, (_, i) => `{"eventId":"${c}-${i}"}\n`);
        yield new TextEncoder().encode(lines.join(''));
      }
    },
  };
  return source;
}

describe('readBatches', () => {
  it('reads no further ahead than the batch being delivered, so memory does not grow with the input', async () => {
    const input = generatedInput(2_000, 10);
    const reader = createRecordReader({ kind: 'ndjson' }, { maxRecordBytes: 1024 });
    let delivered = 0;
    for await (const batch of readBatches(input, reader, { batchRecords: 25, batchBytes: 1 << 20 })) {
      expect(batch.length).toBeLessThanOrEqual(25);
      delivered += batch.length;
      // Records read so far = delivered + at most one chunk's worth waiting.
      expect(input.pulled * 10 - delivered).toBeLessThan(10 + 25);
    }
    expect(delivered).toBe(20_000);
  });

  it('cuts batches by bytes too and keeps every record in order', async () => {
    const input = generatedInput(3, 7);
    const reader = createRecordReader({ kind: 'ndjson' }, { maxRecordBytes: 1024 });
    const batches = [];
    for await (const batch of readBatches(input, reader, { batchRecords: 1000, batchBytes: 40 })) batches.push(batch);
    expect(batches.every((batch) => batch.length <= 2)).toBe(true);
    expect(batches.flat().map((item) => (item.kind === 'json' ? (item.value as { eventId: string }).eventId : ''))).toEqual(
      Array.from({ length: 21 }, (_, n) => `${Math.floor(n / 7)}-${n % 7}`),
    );
  });

  it('delivers the records read before a broken structure, then throws', async () => {
    const input = {
      name: 'broken.json',
      totalBytes: undefined,
      bytesRead: 0,
      async *chunks() {
        yield new TextEncoder().encode('[{"a":1}, {"a":2}, {"a":3} {"a":4}]');
      },
    };
    const reader = createRecordReader({ kind: 'json' }, { maxRecordBytes: 1024 });
    const delivered: number[] = [];
    const run = async () => {
      for await (const batch of readBatches(input, reader, { batchRecords: 500, batchBytes: 1 << 20 })) delivered.push(batch.length);
    };
    await expect(run()).rejects.toThrow(/expected , or \] after element 2/);
    expect(delivered).toEqual([3]);
  });
});
