import fc from 'fast-check';
import { createRecordReader, type ReaderFormat, type RecordResult, type SubmittedItem } from '@vigia/ingest';
import { describe, expect, it } from 'vitest';
import { encodeHttpBatch, withFilePositions } from './http-batch.ts';

const encoder = new TextEncoder();

function readAll(format: ReaderFormat, bytes: Uint8Array) {
  const reader = createRecordReader(format, { maxRecordBytes: 1 << 20 });
  const items = [...reader.push(bytes), ...reader.end()];
  return { items, reader };
}

/** What the server would make of each record: the same kind, value or columns, and bytes. */
const essence = (item: SubmittedItem) => ({
  kind: item.kind,
  bytes: Buffer.from(item.bytes).toString('base64'),
  ...(item.kind === 'json' ? { value: item.value } : {}),
  ...(item.kind === 'csv-row' ? { columns: item.columns } : {}),
  ...(item.kind === 'malformed' ? { reason: item.reason, message: item.message } : {}),
});

/** Reads a file, re-frames some of its records as an HTTP body, reads that back: the server sees the same records. */
function roundTrip(format: ReaderFormat, file: string) {
  const { items, reader } = readAll(format, encoder.encode(file));
  const rawFormat = reader.format ?? 'csv';
  const batch = encodeHttpBatch(rawFormat, items, reader.csvHeader);
  const flavor = rawFormat === 'acled-csv' || rawFormat === 'csv' ? ({ kind: 'csv', flavor: rawFormat } as const) : format;
  return { sent: items.map(essence), received: readAll(flavor, batch.body).items.map(essence) };
}

const lineText = fc.string().filter((s) => !s.includes('\n'));

describe('encodeHttpBatch', () => {
  it('re-frames NDJSON lines, good or bad, so the server reads the same records', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.jsonValue().map((v) => JSON.stringify(v)),
            lineText,
          ),
          { maxLength: 8 },
        ),
        (lines) => {
          const { sent, received } = roundTrip({ kind: 'ndjson' }, lines.join('\n'));
          expect(received).toEqual(sent);
        },
      ),
    );
  });

  it('re-frames JSON array elements, good or bad, so the server reads the same records', () => {
    const element = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
      fc.constantFrom('{"a":}', 'tru', '{"x":[1,2}', '"unterminated\\"q"'),
    );
    fc.assert(
      fc.property(fc.array(element, { minLength: 1, maxLength: 6 }), (elements) => {
        let parsed: ReturnType<typeof roundTrip>;
        try {
          parsed = roundTrip({ kind: 'json' }, `[${elements.join(' , ')}]`);
        } catch {
          return; // a structurally broken file never becomes a batch
        }
        expect(parsed.received).toEqual(parsed.sent);
      }),
    );
  });

  it('re-frames CSV rows under the file header, so the server reads the same rows with the same flavor', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), fc.boolean(), (rows, acled) => {
        const header = acled ? 'event_id_cnty,b,c' : 'a,b,c';
        const { sent, received } = roundTrip({ kind: 'csv' }, [header, ...rows.map((cells) => cells.join(','))].join('\n'));
        expect(received).toEqual(sent);
      }),
    );
  });

  it('puts the file positions back on the server results', () => {
    const { items } = readAll({ kind: 'ndjson' }, encoder.encode('\n\n{"a":1}\n\n{"b":2}'));
    const server: RecordResult[] = [
      { line: 1, status: 'accepted', eventKey: 'k1' },
      { line: 2, status: 'rejected', reason: 'SCHEMA_INVALID', field: '', message: 'm' },
    ];
    expect(withFilePositions(items, server)).toEqual([
      { line: 3, status: 'accepted', eventKey: 'k1' },
      { line: 5, status: 'rejected', reason: 'SCHEMA_INVALID', field: '', message: 'm' },
    ]);
  });
});
