import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutsArbitrary, feed, splitAt, textOf, utf8 } from '../testing/chunking.ts';
import { CsvParser, type CsvEvent } from './csv-parser.ts';

const parse = (input: string | Uint8Array, cuts: readonly number[] = [], maxRecordBytes = 1 << 20): CsvEvent[] =>
  feed(new CsvParser({ maxRecordBytes }), splitAt(typeof input === 'string' ? utf8(input) : input, cuts));

const rows = (text: string) => parse(text).map((event) => (event.kind === 'row' ? event.fields : event.message));

/** RFC 4180 writer: quotes a field when it holds a comma, quote, CR or LF, or when it is empty as the only field. */
function writeCsv(table: readonly (readonly string[])[], eol: string): string {
  return table
    .map((fields) =>
      fields.map((field) => (/[",\r\n]/.test(field) || (fields.length === 1 && field === '') ? `"${field.replaceAll('"', '""')}"` : field)).join(','),
    )
    .join(eol);
}

describe('CsvParser', () => {
  it('reads RFC 4180 records: quoted commas, doubled quotes and line breaks inside quotes', () => {
    expect(rows('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
    ]);
  });

  it('reads empty fields, a last line without terminator and lone CR line ends', () => {
    expect(rows(',a,\rb,""')).toEqual([
      ['', 'a', ''],
      ['b', ''],
    ]);
  });

  it('skips blank lines', () => {
    expect(rows('a\n\n\r\nb\n')).toEqual([['a'], ['b']]);
  });

  it('gives the line where each record starts', () => {
    const events = parse('h1,h2\n"multi\nline",x\n\nlast,y');
    expect(events.map((e) => e.line)).toEqual([1, 2, 5]);
  });

  it('keeps the bytes of each record without its terminator', () => {
    expect(parse('a,"b"\r\nc,d').map((e) => textOf(e.bytes))).toEqual(['a,"b"', 'c,d']);
  });

  it.each([
    ['a,b"c,d\nok', 'a quote inside an unquoted field'],
    ['"a"b,c\nok', 'text after the closing quote'],
  ])('makes one record of %j malformed and reads on', (text, message) => {
    const [bad, good] = parse(text);
    expect(bad?.kind).toBe('malformed');
    expect(bad?.kind === 'malformed' && bad.message).toContain(message);
    expect(good).toMatchObject({ kind: 'row', fields: ['ok'] });
  });

  it('reports a quoted field that never closes', () => {
    const [event] = parse('a,"never closed\nmore');
    expect(event?.kind === 'malformed' && event.message).toContain('the quoted field of column 2 is never closed');
  });

  it('refuses invalid UTF-8 in a field, on that record only', () => {
    const events = parse(new Uint8Array([0x61, 0xff, 0x0a, 0x62]));
    expect(events.map((e) => e.kind)).toEqual(['malformed', 'row']);
    expect(events[0]?.kind === 'malformed' && events[0].message).toContain('not valid UTF-8');
  });

  it('cuts a record over the limit and reads the next one', () => {
    const [long, next] = parse('"aaaaaaaa\naaaa",b\nc', [], 6);
    expect(long).toMatchObject({ kind: 'malformed', oversize: true, byteLength: 17 });
    expect(long?.bytes.length).toBe(6);
    expect(next).toMatchObject({ kind: 'row', fields: ['c'], line: 3 });
  });

  it('reads back any table an RFC 4180 writer wrote, however the bytes are chunked', () => {
    const table = fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), cutsArbitrary, (records, eol, cuts) => {
        // A leading byte order mark is dropped by design.
        fc.pre(!records[0]?.[0]?.startsWith('\uFEFF'));
        const events = parse(writeCsv(records, eol), cuts);
        expect(events.map((e) => (e.kind === 'row' ? e.fields : e.message))).toEqual(records);
      }),
    );
  });

  it('never throws and never keeps more than the limit, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), cutsArbitrary, (bytes, cuts) => {
        for (const event of parse(bytes, cuts, 32)) expect(event.bytes.length).toBeLessThanOrEqual(32);
      }),
    );
  });

  it('cuts a record off past the column limit, without decoding the rest of it (issue 13)', () => {
    const parser = new CsvParser({ maxRecordBytes: 1 << 20, maxColumns: 3 });
    const events = feed(parser, [utf8('a,b,c\nd,e,f,g,h\n"x",y,z\n')]);
    expect(events.map((event) => (event.kind === 'row' ? event.fields : event.message))).toEqual([
      ['a', 'b', 'c'],
      'more than 3 columns; a report has about 30',
      ['x', 'y', 'z'],
    ]);
    expect(events[1]?.bytes).toEqual(utf8('d,e,f,g,h'));
  });

  it('makes a record with an oversized field malformed, quoted or not, and keeps reading the next record', () => {
    const parser = new CsvParser({ maxRecordBytes: 1 << 20, maxFieldBytes: 4 });
    const events = feed(parser, [utf8('abcd,"ab\nc"\nabcde,x\nx,"abc\nde"\nok,ok\n')]);
    expect(events.map((event) => (event.kind === 'row' ? event.fields : event.message))).toEqual([
      ['abcd', 'ab\nc'],
      'column 1 is longer than 4 bytes',
      'column 2 is longer than 4 bytes',
      ['ok', 'ok'],
    ]);
  });
});
