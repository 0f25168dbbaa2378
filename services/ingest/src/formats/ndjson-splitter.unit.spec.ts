import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutsArbitrary, feed, splitAt, textOf, utf8 } from '../testing/chunking.ts';
import { NdjsonSplitter, type NdjsonLine } from './ndjson-splitter.ts';

const lines = (text: string, cuts: readonly number[] = [], maxLineBytes = 1 << 20): NdjsonLine[] =>
  feed(new NdjsonSplitter({ maxLineBytes }), splitAt(utf8(text), cuts));

describe('NdjsonSplitter', () => {
  it('numbers lines from 1 and drops LF and CRLF terminators', () => {
    expect(lines('{"a":1}\r\n\n{"b":2}').map((l) => [l.line, textOf(l.bytes)])).toEqual([
      [1, '{"a":1}'],
      [2, ''],
      [3, '{"b":2}'],
    ]);
  });

  it('gives no extra line after a final newline', () => {
    expect(lines('a\nb\n').map((l) => textOf(l.bytes))).toEqual(['a', 'b']);
  });

  it('skips a byte order mark split across chunks', () => {
    expect(lines('\uFEFF{"a":1}', [1, 2]).map((l) => textOf(l.bytes))).toEqual(['{"a":1}']);
  });

  it('keeps a long line only up to the limit, with its full length', () => {
    const [first, second] = lines('abcdefgh\nxy', [], 4);
    expect(first && [textOf(first.bytes).length <= 5, first.byteLength]).toEqual([true, 8]);
    expect(second && [textOf(second.bytes), second.byteLength, second.line]).toEqual(['xy', 2, 2]);
  });

  it('splits any text into the same lines however it is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary' }).map((s) => s.replaceAll('\n', '')),
          { minLength: 1, maxLength: 10 },
        ),
        cutsArbitrary,
        (texts, cuts) => {
          const body = texts.join('\n');
          const got = lines(body, cuts).map((l) => textOf(l.bytes));
          const expected = body.split('\n').map((t) => (t.endsWith('\r') ? t.slice(0, -1) : t));
          // A body ending in "\n" has no line after it; a leading BOM is not part of the first line.
          if (body.endsWith('\n')) expected.pop();
          if (expected[0]?.startsWith('\uFEFF')) expected[0] = expected[0].slice(1);
          // An empty body has no line; "\n" has one, empty.
          if (body === '') expected.pop();
          expect(got).toEqual(expected);
        },
      ),
    );
  });
});
