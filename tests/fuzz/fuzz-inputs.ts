/**
 * Arbitrary submissions for fuzzing ingest and the normalizer: JSON and NDJSON
 * bodies of arbitrary values and of report-shaped objects with arbitrary
 * values, CSV bodies with our and ACLED's columns and arbitrary cells, and the
 * hostile corpus, whole or with bytes flipped.
 */
import { acledColumns, csvColumns } from '@vigia/normalizer';
import fc from 'fast-check';
import { hostileCorpus, type HostileCase } from './hostile-corpus.ts';

export type FuzzInput = Pick<HostileCase, 'format' | 'body'> & { readonly family: string };

const utf8 = (text: string) => new TextEncoder().encode(text);

const fieldNames = [
  'kind',
  'eventId',
  'revision',
  'occurredAt',
  'precision',
  'reportedAt',
  'source',
  'confidence',
  'notes',
  'place',
  'ubigeo',
  'zone',
  'coordinates',
  'incidentType',
  'casualties',
  'actors',
  'eradicatedHectares',
  'items',
  'substance',
  'quantity',
  'unit',
  'arrests',
  'region',
  'year',
  'hectares',
  'edition',
  '__proto__',
  'constructor',
];
const words = fc.constantFrom(
  'incident',
  'seizure',
  'cultivation-survey',
  'VRAEM',
  'Llochegua',
  'Santa Rosa',
  '050408',
  'kg',
  '30 arrobas',
  '14/03/2024',
  '2024-03-14',
  'cocaina',
  'S/ 100',
  '$',
  '1,500',
  '-1',
  'emboscada',
  'Huanta',
  'zone:vraem',
  'police',
  '',
  ' '.repeat(50),
);
const value = fc.oneof(words, fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'binary', maxLength: 30 }));

/** An object with our field names and anything as their values: reaches deep into the mapping. */
const reportShaped = fc.dictionary(fc.constantFrom(...fieldNames), value, { maxKeys: 12 });

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvBody = (names: readonly string[]) =>
  fc
    .tuple(
      fc.subarray([...names], { minLength: 1 }),
      fc.array(fc.array(fc.oneof(words, fc.string({ maxLength: 20 })), { maxLength: 12 }), { maxLength: 4 }),
      fc.constantFrom('\n', '\r\n'),
    )
    .map(([header, rows, eol]) => [header.join(','), ...rows.map((row) => header.map((_, i) => csvCell(row[i] ?? '')).join(','))].join(eol));

/** Flips up to eight bytes of a corpus case, cut to 4 KB so that mutations stay cheap. */
const mutatedCorpus = fc
  .tuple(fc.constantFrom(...hostileCorpus), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }))
  .map(([hostile, flips]): FuzzInput => {
    const body = hostile.body.slice(0, 4096);
    for (const [at, byte] of flips) if (body.length > 0) body[at % body.length] = byte;
    return { family: 'corpus-mutated', format: hostile.format, body };
  });

export const fuzzInput: fc.Arbitrary<FuzzInput> = fc.oneof(
  { weight: 3, arbitrary: reportShaped.map((report): FuzzInput => ({ family: 'json-report', format: { kind: 'json' }, body: utf8(JSON.stringify(report)) })) },
  {
    weight: 2,
    arbitrary: fc
      .array(reportShaped, { maxLength: 4 })
      .map((reports): FuzzInput => ({ family: 'ndjson-reports', format: { kind: 'ndjson' }, body: utf8(reports.map((r) => JSON.stringify(r)).join('\n')) })),
  },
  {
    weight: 2,
    arbitrary: fc.jsonValue({ maxDepth: 4 }).map((json): FuzzInput => ({ family: 'json-any', format: { kind: 'json' }, body: utf8(JSON.stringify(json)) })),
  },
  { weight: 2, arbitrary: csvBody(csvColumns).map((text): FuzzInput => ({ family: 'csv', format: { kind: 'csv' }, body: utf8(text) })) },
  { weight: 1, arbitrary: csvBody(acledColumns).map((text): FuzzInput => ({ family: 'acled-csv', format: { kind: 'csv' }, body: utf8(text) })) },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 300 })
      .chain((bytes) =>
        fc
          .constantFrom<FuzzInput['format']>({ kind: 'json' }, { kind: 'ndjson' }, { kind: 'csv' })
          .map((format): FuzzInput => ({ family: 'bytes', format, body: bytes })),
      ),
  },
  { weight: 1, arbitrary: mutatedCorpus },
);
