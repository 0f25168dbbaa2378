import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FRAME_HEADER_BYTES, type FrameRecord, readFrame } from './record-frame.ts';

const MAX_BODY = 1 << 20;

const wellFormed = fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => s.isWellFormed());

const frameRecord: fc.Arbitrary<FrameRecord> = fc.record({
  offset: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  timestampMs: fc.nat({ max: 8_640_000_000_000_000 }),
  key: fc.option(wellFormed, { nil: null }),
  value: fc.option(fc.uint8Array({ maxLength: 200 }), { nil: null }),
  headers: fc.dictionary(wellFormed, wellFormed, { maxKeys: 5 }),
});

function toPlain(record: FrameRecord) {
  return { ...record, value: record.value === null ? null : [...record.value], headers: { ...record.headers } };
}

describe('record frame', () => {
  it('decodes exactly what it encoded, and reports the frame length', () => {
    fc.assert(
      fc.property(frameRecord, (record) => {
        const frame = encodeFrame(record);
        const result = readFrame(frame, 0, MAX_BODY);
        expect(result.kind).toBe('frame');
        if (result.kind !== 'frame') return;
        expect(result.frameBytes).toBe(frame.length);
        expect(toPlain(result.record)).toEqual(toPlain(record));
      }),
      { numRuns: 300 },
    );
  });

  it('reads consecutive frames from one buffer at the positions they were written', () => {
    fc.assert(
      fc.property(fc.array(frameRecord, { minLength: 1, maxLength: 8 }), (records) => {
        const frames = records.map(encodeFrame);
        const all = Buffer.concat(frames);
        let at = 0;
        for (const record of records) {
          const result = readFrame(all, at, MAX_BODY);
          if (result.kind !== 'frame') throw new TypeError(`expected a frame at ${at}, got ${result.kind}`);
          expect(result.record.offset).toBe(record.offset);
          at += result.frameBytes;
        }
        expect(at).toBe(all.length);
      }),
    );
  });

  it('detects any single flipped bit as corrupt (CRC or length check)', () => {
    fc.assert(
      fc.property(frameRecord, fc.nat(), fc.integer({ min: 0, max: 7 }), (record, position, bit) => {
        const frame = encodeFrame(record);
        const at = position % frame.length;
        frame[at] = frame[at]! ^ (1 << bit);
        const result = readFrame(frame, 0, MAX_BODY);
        // A flipped length bit may also just make the frame look longer than the buffer.
        expect(result.kind === 'corrupt' || result.kind === 'incomplete').toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('reports a torn frame as incomplete, never as a record', () => {
    fc.assert(
      fc.property(frameRecord, fc.nat(), (record, cut) => {
        const frame = encodeFrame(record);
        const torn = frame.subarray(0, cut % frame.length);
        const result = readFrame(torn, 0, MAX_BODY);
        expect(result.kind).toBe('incomplete');
        if (result.kind === 'incomplete' && torn.length >= FRAME_HEADER_BYTES) {
          expect(result.neededBytes).toBe(frame.length);
        }
      }),
    );
  });

  it('refuses an implausible length instead of waiting for gigabytes', () => {
    const garbage = Buffer.alloc(16, 0xff);
    expect(readFrame(garbage, 0, MAX_BODY)).toMatchObject({ kind: 'corrupt' });
    expect(readFrame(Buffer.alloc(16, 0), 0, MAX_BODY)).toMatchObject({ kind: 'corrupt' });
  });

  it('keeps a header named __proto__ as a header', () => {
    const record: FrameRecord = { offset: 0, timestampMs: 1, key: null, value: null, headers: JSON.parse('{"__proto__":"x"}') };
    const result = readFrame(encodeFrame(record), 0, MAX_BODY);
    expect(result.kind === 'frame' && Object.entries(result.record.headers)).toEqual([['__proto__', 'x']]);
  });
});
