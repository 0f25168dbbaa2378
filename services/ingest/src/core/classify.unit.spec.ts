import fc from 'fast-check';
import { decodeTopicValue, encodeTopicValue, type RawReport } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import type { SubmittedItem } from '../formats/submitted-item.ts';
import { classify, maxRecordDepth } from './classify.ts';

const jsonItem = (value: unknown): SubmittedItem => ({
  kind: 'json',
  value,
  position: { index: 0 },
  recordNumber: 1,
  bytes: new Uint8Array(),
  byteLength: 0,
});

/** An object nested `depth` levels below the record's top-level object. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i += 1) value = { child: value };
  return value;
}

function envelope(value: unknown): RawReport {
  return {
    type: 'report.received',
    ingestId: '0b9c6a0e-5d1c-4a3e-9f0a-2f1d3c4b5a69',
    batchId: '0b9c6a0e-5d1c-4a3e-9f0a-2f1d3c4b5a6a',
    receivedAt: '2024-05-01T00:00:00.000Z',
    source: { channel: 'http', publisher: 'p' },
    format: 'json',
    recordNumber: 1,
    record: { kind: 'json', value: value as never },
  };
}

describe('classify', () => {
  it('accepts JSON objects and CSV rows, keyed by event id', () => {
    expect(classify(jsonItem({ eventId: 'e-1' }), 'json', 'p')).toMatchObject({ ok: true, key: 'e-1', keySource: 'eventId' });
    const row: SubmittedItem = {
      kind: 'csv-row',
      columns: { 'Event ID': 'e-2' },
      position: { line: 2, row: 1 },
      recordNumber: 1,
      bytes: new Uint8Array(),
      byteLength: 0,
    };
    expect(classify(row, 'csv', 'p')).toMatchObject({ ok: true, record: { kind: 'csv-row' }, key: 'e-2' });
  });

  it.each([[null], [[{ eventId: 'x' }]], ['text'], [42]])('rejects %j: a record must be an object', (value) => {
    expect(classify(jsonItem(value), 'ndjson', 'p')).toMatchObject({
      ok: false,
      reason: 'SCHEMA_INVALID',
      message: expect.stringContaining('must be a JSON object'),
    });
  });

  it('accepts exactly the depth that the raw topic decodes again', () => {
    const deepest = nested(maxRecordDepth);
    expect(classify(jsonItem(deepest), 'json', 'p').ok).toBe(true);
    expect(decodeTopicValue('vigia.events.raw.v1', encodeTopicValue('vigia.events.raw.v1', envelope(deepest))).ok).toBe(true);

    const tooDeep = nested(maxRecordDepth + 1);
    expect(classify(jsonItem(tooDeep), 'json', 'p')).toMatchObject({ ok: false, reason: 'SCHEMA_INVALID', message: expect.stringContaining('nested deeper') });
    expect(decodeTopicValue('vigia.events.raw.v1', encodeTopicValue('vigia.events.raw.v1', envelope(tooDeep))).ok).toBe(false);
  });

  it('accepts any JSON object within the depth as a record the raw topic decodes', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), (value) => {
        const result = classify(jsonItem(value), 'json', 'p');
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(
          decodeTopicValue('vigia.events.raw.v1', encodeTopicValue('vigia.events.raw.v1', envelope(result.record.kind === 'json' ? result.record.value : null)))
            .ok,
        ).toBe(true);
      }),
    );
  });
});
