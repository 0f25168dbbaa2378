import fc from 'fast-check';
import type { RawRecord } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { contentHashKey, eventKeyOf, maxEventIdChars } from './event-key.ts';

/** The same object with its members in reverse order, at every depth. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, member]) => [key, reversed(member)]),
  );
}

describe('canonicalJson', () => {
  it('sorts members and drops whitespace', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true })).toBe('{"a":true,"b":[1,{"c":"x","d":null}]}');
  });

  it('is the same text for the same JSON value whatever the member order, and parses back to it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reversed(value))).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('eventKeyOf', () => {
  it("takes our eventId, trimmed, before ACLED's event_id_cnty", () => {
    expect(eventKeyOf({ kind: 'json', value: { eventId: ' pnp-1 ', event_id_cnty: 'PER9' } }, 'json', 'p')).toEqual({ key: 'pnp-1', source: 'eventId' });
    expect(eventKeyOf({ kind: 'json', value: { event_id_cnty: 'PER9' } }, 'ndjson', 'p')).toEqual({ key: 'PER9', source: 'event_id_cnty' });
    expect(eventKeyOf({ kind: 'json', value: { eventId: 123 } }, 'json', 'p')).toEqual({ key: '123', source: 'eventId' });
  });

  it('takes the event_id column of our CSV and event_id_cnty of ACLED, headers matched like the normalizer does', () => {
    expect(eventKeyOf({ kind: 'csv-row', columns: { event_id_cnty: 'PER10', admin1: 'Cusco' } }, 'acled-csv', 'p')).toEqual({
      key: 'PER10',
      source: 'event_id_cnty',
    });
    expect(eventKeyOf({ kind: 'csv-row', columns: { 'Event ID': ' csv-1 ', event_id: 'second' } }, 'csv', 'p')).toEqual({ key: 'csv-1', source: 'event_id' });
    expect(eventKeyOf({ kind: 'csv-row', columns: { 'Evént-Id': 'x' } }, 'csv', 'p')).toEqual({ key: 'x', source: 'event_id' });
    // Our CSV has no ACLED id column, and an ACLED row is not keyed by our column.
    expect(eventKeyOf({ kind: 'csv-row', columns: { event_id_cnty: 'PER10' } }, 'csv', 'p').source).toBe('content-hash');
    expect(eventKeyOf({ kind: 'csv-row', columns: { eventId: 'x' } }, 'csv', 'p').source).toBe('content-hash');
    expect(eventKeyOf({ kind: 'csv-row', columns: { event_id: 'x' } }, 'acled-csv', 'p').source).toBe('content-hash');
  });

  it('hashes the content when the id is missing, blank, too long or not a string or number', () => {
    for (const eventId of [undefined, '  ', 'x'.repeat(maxEventIdChars + 1), { id: 1 }, Number.NaN, true]) {
      const key = eventKeyOf({ kind: 'json', value: { eventId: eventId as never, notes: 'n' } }, 'json', 'p');
      expect(key.source).toBe('content-hash');
      expect(key.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  it('gives a re-sent report the same key and another publisher or content another one', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (value, publisher) => {
        const record = { kind: 'json', value } as RawRecord;
        expect(contentHashKey({ kind: 'json', value: reversed(value) } as RawRecord, publisher)).toBe(contentHashKey(record, publisher));
        expect(contentHashKey(record, `${publisher}x`)).not.toBe(contentHashKey(record, publisher));
      }),
    );
    expect(contentHashKey({ kind: 'json', value: { a: 1 } }, 'p')).not.toBe(contentHashKey({ kind: 'json', value: { a: 2 } }, 'p'));
  });
});
