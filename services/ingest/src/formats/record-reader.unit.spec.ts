import { isVigiaError } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { feed, utf8 } from '../testing/chunking.ts';
import { charsetOf, createRecordReader, readerFormatOfFileName, readerFormatOfName, readerFormatOfRequest } from './record-reader.ts';

const formatError = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return isVigiaError(error, 'VIGIA_INGEST_FORMAT_UNKNOWN') ? error.message : error;
  }
  return undefined;
};

describe('format resolution', () => {
  it('maps content types, ignoring case and parameters', () => {
    expect(readerFormatOfRequest('Application/JSON; charset=utf-8', undefined)).toEqual({ kind: 'json' });
    expect(readerFormatOfRequest('application/x-ndjson', undefined)).toEqual({ kind: 'ndjson' });
    expect(readerFormatOfRequest('application/jsonl', undefined)).toEqual({ kind: 'ndjson' });
    expect(readerFormatOfRequest('text/csv', undefined)).toEqual({ kind: 'csv' });
    expect(readerFormatOfRequest('text/csv', 'acled-csv')).toEqual({ kind: 'csv', flavor: 'acled-csv' });
  });

  it('refuses unknown content types and a format that contradicts the content type', () => {
    expect(formatError(() => readerFormatOfRequest('text/plain', undefined))).toContain('unsupported content type "text/plain"');
    expect(formatError(() => readerFormatOfRequest(undefined, undefined))).toContain('(none)');
    expect(formatError(() => readerFormatOfRequest('application/json', 'csv'))).toContain('does not match');
    expect(formatError(() => readerFormatOfName('xml'))).toContain('unknown format "xml"');
  });

  it('reads the charset parameter', () => {
    expect(charsetOf('text/csv; charset="ISO-8859-1"')).toBe('iso-8859-1');
    expect(charsetOf('text/csv')).toBeUndefined();
  });

  it('maps file extensions', () => {
    expect(readerFormatOfFileName('/data/Reports.JSON')).toEqual({ kind: 'json' });
    expect(readerFormatOfFileName('a.jsonl')).toEqual({ kind: 'ndjson' });
    expect(readerFormatOfFileName('acled-peru.csv')).toEqual({ kind: 'csv' });
    expect(readerFormatOfFileName('notes.txt')).toBeUndefined();
  });
});

describe('record readers', () => {
  it('reads NDJSON lines as records, skipping blank lines, rejecting bad ones with their line', () => {
    const reader = createRecordReader({ kind: 'ndjson' }, { maxRecordBytes: 64 });
    const items = feed(reader, [utf8('{"a":1}\n\n  \nnot json\n[1]\n')]);
    expect(items).toMatchObject([
      { kind: 'json', position: { line: 1 }, recordNumber: 1, value: { a: 1 } },
      { kind: 'malformed', position: { line: 4 }, reason: 'JSON_MALFORMED' },
      { kind: 'json', position: { line: 5 }, value: [1] },
    ]);
    expect(reader.format).toBe('ndjson');
  });

  it('rejects a record over the limit as SCHEMA_INVALID without parsing it', () => {
    const items = feed(createRecordReader({ kind: 'ndjson' }, { maxRecordBytes: 8 }), [utf8('{"a":"123456789"}\n{"b":1}')]);
    expect(items).toMatchObject([
      { kind: 'malformed', reason: 'SCHEMA_INVALID', byteLength: 17, message: expect.stringContaining('at most 8 bytes') },
      { kind: 'json', value: { b: 1 } },
    ]);
  });

  it('reads a JSON array element by element and rejects a broken element alone', () => {
    const items = feed(createRecordReader({ kind: 'json' }, { maxRecordBytes: 64 }), [utf8('[{"a":1}, {"a":}, 3]')]);
    expect(items).toMatchObject([
      { kind: 'json', position: { index: 0 }, recordNumber: 1, value: { a: 1 } },
      { kind: 'malformed', position: { index: 1 }, reason: 'JSON_MALFORMED' },
      { kind: 'json', position: { index: 2 }, value: 3 },
    ]);
  });

  it('refuses a single JSON value that does not parse as an unreadable body', () => {
    const run = () => feed(createRecordReader({ kind: 'json' }, { maxRecordBytes: 64 }), [utf8('{"a": nope}')]);
    expect(run).toThrow(/the body is not valid JSON/);
  });

  it("knows a CSV body's format only once its header is read", () => {
    const reader = createRecordReader({ kind: 'csv' }, { maxRecordBytes: 64 });
    expect(reader.format).toBeUndefined();
    reader.push(utf8('event_id_cnty,admin1\n'));
    expect(reader.format).toBe('acled-csv');
    expect(reader.csvHeader?.names).toEqual(['event_id_cnty', 'admin1']);
  });
});
