import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dlqReasonCodeList, dlqReasonCodes, isDlqReasonCode } from './dlq-reasons.ts';
import { bytesOfDlqPayload, dlqPayloadOf, dlqPreviewMaxChars, dlqRecordOf, dlqRecordSchema, headersOfDlqRecord } from './dlq-record.ts';

const encoder = new TextEncoder();

describe('DLQ reason codes', () => {
  it('include the reasons stages rely on, each described', () => {
    for (const code of [
      'JSON_MALFORMED',
      'CSV_MALFORMED',
      'SCHEMA_INVALID',
      'PLACE_UNKNOWN',
      'PLACE_AMBIGUOUS',
      'UNIT_UNKNOWN',
      'QUANTITY_INVALID',
      'DATE_INVALID',
      'REVISION_STALE',
      'DUPLICATE_REPORT',
      'PROCESSING_FAILED',
    ]) {
      expect(isDlqReasonCode(code), code).toBe(true);
    }
    for (const code of dlqReasonCodeList) expect(dlqReasonCodes[code].length).toBeGreaterThan(10);
    expect(isDlqReasonCode('toString')).toBe(false);
  });
});

describe('DLQ payload', () => {
  it('keeps any bytes exactly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        expect(bytesOfDlqPayload(dlqPayloadOf(bytes))).toEqual(bytes);
        expect(dlqPayloadOf(bytes).byteLength).toBe(bytes.length);
      }),
    );
  });

  it('keeps bytes of a view into a larger buffer, not the whole buffer', () => {
    const buffer = encoder.encode('xx{"a":1}yy');
    const view = buffer.subarray(2, 9);
    expect(bytesOfDlqPayload(dlqPayloadOf(view))).toEqual(encoder.encode('{"a":1}'));
    expect(dlqPayloadOf(view).utf8Preview).toBe('{"a":1}');
  });

  it('previews valid UTF-8 and omits the preview otherwise', () => {
    expect(dlqPayloadOf(encoder.encode('Río Apurímac'))).toMatchObject({ utf8Preview: 'Río Apurímac', previewTruncated: false });
    const invalid = dlqPayloadOf(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(invalid.utf8Preview).toBeUndefined();
    expect(invalid.base64).toBe('e//+fQ==');
  });

  it('truncates long previews without splitting a surrogate pair', () => {
    const text = `${'a'.repeat(dlqPreviewMaxChars - 1)}😀tail`;
    const payload = dlqPayloadOf(encoder.encode(text));
    expect(payload.previewTruncated).toBe(true);
    expect(payload.utf8Preview).toBe('a'.repeat(dlqPreviewMaxChars - 1));
  });
});

describe('dlqRecordOf', () => {
  it('builds a record that matches the DLQ schema', () => {
    const record = dlqRecordOf({
      reason: 'SCHEMA_INVALID',
      message: 'occurredAt: Invalid ISO date',
      issues: [{ path: 'occurredAt', message: 'Invalid ISO date' }],
      stage: 'normalizer',
      source: { topic: 'vigia.events.raw.v1', partition: 0, offset: 7, key: null },
      failedAt: new Date('2024-03-15T14:31:08.002Z'),
      attempts: 1,
      value: encoder.encode('{"occurredAt":"ayer"}'),
      headers: { ce_id: 'x' },
    });
    expect(dlqRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({ type: 'record.rejected', failedAt: '2024-03-15T14:31:08.002Z', attempts: 1 });
  });

  it('keeps every original header, even one named __proto__', () => {
    const headers = JSON.parse('{"__proto__":"x","ce_id":"y","1":"z"}') as Record<string, string>;
    const record = dlqRecordSchema.parse(
      JSON.parse(
        JSON.stringify(dlqRecordOf({ reason: 'JSON_MALFORMED', message: 'm', stage: 's', source: null, failedAt: new Date(0), value: null, headers })),
      ),
    );
    const restored = headersOfDlqRecord(record);
    expect(Object.keys(restored).sort()).toEqual(['1', '__proto__', 'ce_id']);
    expect(Object.getOwnPropertyDescriptor(restored, '__proto__')?.value).toBe('x');
  });

  it('records a tombstone as a null payload', () => {
    const record = dlqRecordOf({
      reason: 'VALUE_MISSING',
      message: 'tombstone on vigia.events.raw.v1',
      stage: 'normalizer',
      source: null,
      failedAt: new Date(0),
      value: null,
      headers: {},
    });
    expect(record.payload).toBeNull();
    expect(record.issues).toEqual([]);
    expect(dlqRecordSchema.safeParse(record).success).toBe(true);
  });
});
