import { isVigiaError } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { feed, utf8 } from '../testing/chunking.ts';
import { CsvReader, detectCsvFlavor, type CsvFlavor } from './csv-reader.ts';

const read = (text: string, flavor?: CsvFlavor) => {
  const reader = new CsvReader({ maxRecordBytes: 1024, ...(flavor === undefined ? {} : { flavor }) });
  const items = feed(reader, [utf8(text)]);
  return { items, header: reader.header };
};

function headerProblem(text: string): string {
  try {
    read(text);
  } catch (error) {
    if (isVigiaError(error, 'VIGIA_INGEST_BODY_MALFORMED') && error.context.field === 'header') return error.message;
    throw error;
  }
  throw new Error('expected the header to be refused');
}

describe('CsvReader', () => {
  it('maps each data row to header name → cell, numbering rows from 1 and keeping file lines', () => {
    const { items, header } = read(' eventId ,occurredAt\nx-1,2024-03-01\nx-2,2024-03-02\n');
    expect(header?.names).toEqual(['eventId', 'occurredAt']);
    expect(header?.flavor).toBe('csv');
    expect(items).toMatchObject([
      { kind: 'csv-row', position: { line: 2, row: 1 }, recordNumber: 1, columns: { eventId: 'x-1', occurredAt: '2024-03-01' } },
      { kind: 'csv-row', position: { line: 3, row: 2 }, recordNumber: 2, columns: { eventId: 'x-2' } },
    ]);
  });

  it('detects an ACLED export by its event_id_cnty column, unless the sender says otherwise', () => {
    expect(read('event_id_cnty,event_date\nPER123,2024-01-01\n').header?.flavor).toBe('acled-csv');
    expect(read('event_id_cnty,event_date\nPER123,2024-01-01\n', 'csv').header?.flavor).toBe('csv');
    expect(read('a,b\n1,2\n', 'acled-csv').header?.flavor).toBe('acled-csv');
    expect(detectCsvFlavor(['event_date'])).toBe('csv');
  });

  it('rejects a row whose column count differs from the header, and reads on', () => {
    const { items } = read('a,b\n1\n1,2\n');
    expect(items).toMatchObject([
      { kind: 'malformed', reason: 'CSV_MALFORMED', message: 'the row has 1 fields; the header has 2', position: { row: 1 } },
      { kind: 'csv-row', position: { row: 2 } },
    ]);
  });

  it('rejects a broken row as CSV_MALFORMED and a too long one as SCHEMA_INVALID', () => {
    const reader = new CsvReader({ maxRecordBytes: 8 });
    const items = feed(reader, [utf8('a,b\n"x"y,1\n123456789,1\n')]);
    expect(items.map((item) => item.kind === 'malformed' && item.reason)).toEqual(['CSV_MALFORMED', 'SCHEMA_INVALID']);
  });

  it('keeps a column named __proto__ as a plain cell', () => {
    const { items } = read('__proto__,b\n1,2\n');
    const columns = items[0]?.kind === 'csv-row' ? items[0].columns : {};
    expect(Object.keys(columns)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(columns)).toBe(Object.prototype);
  });

  it.each([
    ['', 'empty'],
    ['a,,b\n1,2,3', 'column 2 has no name'],
    ['a,b,a\n', 'appears twice'],
    ['"a,b\n', 'never closed'],
  ])('refuses the header of %j as a whole', (text, message) => {
    expect(headerProblem(text)).toContain(message);
  });
});
