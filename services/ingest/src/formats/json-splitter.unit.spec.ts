import fc from 'fast-check';
import { isVigiaError } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { cutsArbitrary, feed, splitAt, textOf, utf8 } from '../testing/chunking.ts';
import { JsonSplitter, type JsonElement } from './json-splitter.ts';

const split = (text: string, chunks?: readonly number[]): JsonElement[] =>
  feed(new JsonSplitter({ maxElementBytes: 1 << 20 }), splitAt(utf8(text), chunks ?? []));

const texts = (text: string) => split(text).map((element) => textOf(element.bytes));

function problemOf(text: string): { field: unknown; message: string } {
  try {
    split(text);
  } catch (error) {
    if (isVigiaError(error, 'VIGIA_INGEST_BODY_MALFORMED')) return { field: error.context.field, message: error.message };
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('JsonSplitter', () => {
  it('gives each element of a top-level array with its index and line', () => {
    const elements = split('[\n  {"a": 1},\n  {"b": [2, "]"]}\n]');
    expect(elements.map((e) => [e.index, textOf(e.bytes), e.line, e.inArray])).toEqual([
      [0, '{"a": 1}', 2, true],
      [1, '{"b": [2, "]"]}', 3, true],
    ]);
  });

  it('gives a body that is not an array as element 0', () => {
    expect(split(' {"eventId": "x"} ').map((e) => [e.index, textOf(e.bytes), e.inArray])).toEqual([[0, '{"eventId": "x"}', false]]);
    expect(texts('42')).toEqual(['42']);
    expect(texts('"a b"')).toEqual(['"a b"']);
  });

  it('reads an empty array as no elements', () => {
    expect(split('[ ]')).toEqual([]);
  });

  it('keeps scalars, nested arrays and escaped quotes inside elements', () => {
    expect(texts('[1, true ,null,"x\\"]",[[]], {"k":"}"}]')).toEqual(['1', 'true', 'null', '"x\\"]"', '[[]]', '{"k":"}"}']);
  });

  it('leaves broken element syntax to JSON.parse, one element at a time', () => {
    expect(texts('[{"a":1,}, {"b":2}, tru]')).toEqual(['{"a":1,}', '{"b":2}', 'tru']);
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(texts('\uFEFF[{"a":1}]')).toEqual(['{"a":1}']);
  });

  it.each([
    ['', 'body', 'empty'],
    ['   \n', 'body', 'empty'],
    ['[{"a":1}', 'body', 'closing ]'],
    ['[{"a":1},', 'body', 'closing ]'],
    ['[{"a":1},]', '[1]', 'trailing comma'],
    ['[,{"a":1}]', '[0]', 'stray'],
    ['[{"a":1}] x', 'body', 'after the closing ]'],
    ['[{"a":1} {"b":2}]', '[0]', 'expected , or ]'],
    ['[{"a":[1}]', '[0]', 'mismatched }'],
    ['{"a":1} {"b":2}', 'body', 'after the JSON value'],
    ['{"a":"unterminated', 'body', 'not closed'],
  ])('refuses the structure of %j', (text, field, message) => {
    const problem = problemOf(text);
    expect(problem.field).toBe(field);
    expect(problem.message).toContain(message);
  });

  it('gives the elements before a structural break first, then the error', () => {
    const splitter = new JsonSplitter({ maxElementBytes: 100 });
    const before = splitter.push(utf8('[{"a":1}, {"b":2} {"c":3}]'));
    expect(before.map((e) => textOf(e.bytes))).toEqual(['{"a":1}', '{"b":2}']);
    expect(() => splitter.push(utf8(''))).toThrow(/expected , or \] after element 1/);
    expect(() => splitter.end()).toThrow(/expected , or \] after element 1/);
  });

  it('cuts an element longer than the limit and reports its full length', () => {
    const [element] = feed(new JsonSplitter({ maxElementBytes: 4 }), [utf8('[{"abc":1}]')]);
    expect(element && textOf(element.bytes)).toBe('{"ab');
    expect(element?.byteLength).toBe(9);
  });

  it('splits any array of JSON values into exactly its elements, however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.boolean(), cutsArbitrary, (values, pretty, cuts) => {
        const text = pretty ? JSON.stringify(values, null, 2) : JSON.stringify(values);
        const elements = split(text, cuts);
        expect(elements.map((e) => JSON.parse(textOf(e.bytes)) as unknown)).toEqual(values.map((v) => JSON.parse(JSON.stringify(v)) as unknown));
      }),
    );
  });

  it('never throws anything but a body error, and keeps no more than the limit, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), cutsArbitrary, (bytes, cuts) => {
        try {
          const elements = feed(new JsonSplitter({ maxElementBytes: 16 }), splitAt(bytes, cuts));
          for (const element of elements) expect(element.bytes.length).toBeLessThanOrEqual(16);
        } catch (error) {
          expect(isVigiaError(error, 'VIGIA_INGEST_BODY_MALFORMED')).toBe(true);
        }
      }),
    );
  });
});
