import fc from 'fast-check';
import type { OutgoingRecord } from '@vigia/bus';
import { describe, expect, it } from 'vitest';
import { chunksOf } from './produce-chunks.ts';

const record = (bytes: number): OutgoingRecord => ({ topic: 't', key: null, value: new Uint8Array(bytes) });

describe('chunksOf', () => {
  it('keeps order, never exceeds the record count, and exceeds the byte budget only with a single large record', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 300 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 7 }),
        (sizes, maxBytes, maxRecords) => {
          const records = sizes.map(record);
          const chunks = chunksOf(records, maxBytes, maxRecords);
          expect(chunks.flat()).toEqual(records);
          for (const chunk of chunks) {
            expect(chunk.length).toBeGreaterThan(0);
            expect(chunk.length).toBeLessThanOrEqual(maxRecords);
            const bytes = chunk.reduce((sum, r) => sum + (r.value?.byteLength ?? 0), 0);
            if (chunk.length > 1) expect(bytes).toBeLessThanOrEqual(maxBytes);
          }
        },
      ),
    );
  });
});
