/**
 * Hostile inputs, kept with the tests: the cases issue 13 measured and the
 * ones that held, plus the classic parser killers. Each is one submission
 * (format and body) as a publisher could send it; the fuzz tests run every
 * case whole and mutated.
 */
import type { ReaderFormat } from '@vigia/ingest';

export interface HostileCase {
  readonly name: string;
  readonly format: ReaderFormat;
  readonly body: Uint8Array;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => utf8(JSON.stringify(value));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const JSON_ = { kind: 'json' } as const;
const NDJSON = { kind: 'ndjson' } as const;
const CSV = { kind: 'csv' } as const;

const killing = (revision: unknown, killed: unknown) => ({
  kind: 'incident',
  eventId: 'san-miguel-del-ene-2023',
  revision,
  occurredAt: '2023-05-21',
  source: { name: 'Comando Especial VRAEM', kind: 'military' },
  place: { department: 'Junín', province: 'Satipo', district: 'Vizcatán del Ene' },
  incidentType: 'masacre',
  casualties: { civilians: { killed } },
});

const seizureWith = (quantity: string) => ({
  kind: 'seizure',
  eventId: 'hostile-seizure',
  occurredAt: '2024-03-14',
  source: { name: 'DIRANDRO', kind: 'police' },
  place: 'Llochegua',
  items: Array.from({ length: 100 }, () => ({ substance: 'cocaina', quantity })),
});

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const columns = (count: number) => Array.from({ length: count }, (_, i) => `c${i}`).join(',');

export const hostileCorpus: readonly HostileCase[] = [
  // Issue 13, measured on main.
  {
    name: 'revision 2^53-1 with 0 dead (event takeover)',
    format: NDJSON,
    body: utf8([killing(1, 14), killing(Number.MAX_SAFE_INTEGER, 0), killing(2, 16)].map((r) => JSON.stringify(r)).join('\n')),
  },
  { name: 'quantities of whitespace (super-linear pattern)', format: JSON_, body: json(seizureWith(`${' '.repeat(199)}x`)) },
  { name: 'quantities of tabs before a number', format: JSON_, body: json(seizureWith(`${'\t'.repeat(198)}1 kg`)) },
  { name: '300 columns (column limit)', format: CSV, body: utf8(`${columns(300)}\n${columns(300)}\n`) },
  { name: 'a 70 KB field (field limit)', format: CSV, body: utf8(`kind,event_id,notes\nincident,long-1,"${'n'.repeat(70_000)}"\n`) },
  // Held on main; kept so they stay held.
  {
    name: '__proto__ and constructor keys',
    format: JSON_,
    body: utf8('{"__proto__":{"kind":"incident","polluted":true},"constructor":{"prototype":{"x":1}},"kind":"incident","eventId":"proto-1"}'),
  },
  { name: 'NaN and Infinity as text', format: JSON_, body: json(killing('NaN', 'Infinity')) },
  {
    name: 'exponent beyond double range',
    format: JSON_,
    body: utf8('{"kind":"incident","eventId":"big-1","revision":1e400,"casualties":{"civilians":{"killed":1e400}}}'),
  },
  {
    name: 'impossible dates',
    format: NDJSON,
    body: utf8(
      ['2023-02-30', '0000-00-00', '9999-12-31', '2024-13-01T25:61:61Z', '31/02/2024']
        .map((occurredAt, i) => JSON.stringify({ ...killing(1, 1), eventId: `date-${i}`, occurredAt }))
        .join('\n'),
    ),
  },
  {
    name: 'unit tricks',
    format: NDJSON,
    body: utf8(
      ['1e308 kg', '-0 kg', '1,500 kg', '$ 100', '5 peso', '10 kg kg', '½ kg', '١٠ kg']
        .map((quantity, i) => JSON.stringify({ ...seizureWith(quantity), eventId: `unit-${i}`, items: [{ substance: 'cocaina', quantity }] }))
        .join('\n'),
    ),
  },
  {
    name: 'BOM, CRLF and quoted newlines',
    format: CSV,
    body: concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8('kind,event_id,notes\r\nincident,bom-1,"two\r\nlines, ""quoted"""\r\n\r\nincident,bom-2,x\r')),
  },
  {
    name: 'formula cells',
    format: CSV,
    body: utf8('kind,event_id,notes,place\nincident,=HYPERLINK("http://x"),+cmd|calc,@SUM(A1)\n=1+1,-2+3,"=DDE(""a"")",Llochegua\n'),
  },
  { name: 'JSON nested 10,000 deep', format: NDJSON, body: utf8(`${nested(10_000)}\n{"a":${nested(5_000)}}\n`) },
  {
    name: 'invalid UTF-8 in JSON and CSV cells',
    format: NDJSON,
    body: concat(utf8('{"kind":"incident","notes":"'), new Uint8Array([0xc3, 0x28, 0xff, 0xfe]), utf8('"}\n{"ok":1}\n')),
  },
  {
    name: 'invalid UTF-8 in a CSV cell',
    format: CSV,
    body: concat(utf8('kind,notes\nincident,'), new Uint8Array([0xed, 0xa0, 0x80]), utf8('\nincident,fine\n')),
  },
  { name: 'lone surrogate escapes', format: JSON_, body: utf8('{"kind":"incident","eventId":"\\ud800","notes":"\\udfff\\ud83d"}') },
  {
    name: 'event ids with paths and control characters',
    format: NDJSON,
    body: utf8(['../../etc/passwd', 'a\u0000b', 'x'.repeat(10_000), ' ', '\u202e'].map((eventId) => JSON.stringify({ ...killing(1, 1), eventId })).join('\n')),
  },
  { name: 'duplicate and empty CSV header names', format: CSV, body: utf8('kind,kind,\nincident,seizure,\n') },
  {
    name: 'an ACLED row from the far future',
    format: { kind: 'csv', flavor: 'acled-csv' },
    body: utf8(
      'event_id_cnty,event_date,timestamp,event_type,sub_event_type,country,admin1,admin2,fatalities,notes\nPER9999,14 March 2024,99999999999,Battles,Armed clash,Peru,Ayacucho,Huanta,3,x\n',
    ),
  },
  { name: '5,000 keys in one object', format: JSON_, body: json(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]))) },
  { name: 'NUL bytes and lone CRs', format: CSV, body: utf8('kind,notes\rincident,a\u0000b\rincident,"c\rd"\r') },
  { name: 'a JSON array of 2,000 empty objects', format: JSON_, body: utf8(`[${Array.from({ length: 2_000 }, () => '{}').join(',')}]`) },
  { name: 'unclosed JSON array', format: JSON_, body: utf8('[{"kind":"incident"},') },
  { name: 'only a CSV header', format: CSV, body: utf8('kind,event_id\n') },
  { name: 'empty body', format: NDJSON, body: new Uint8Array(0) },
];
