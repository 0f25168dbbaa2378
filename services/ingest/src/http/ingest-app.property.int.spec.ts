/**
 * No input can crash ingest: arbitrary JSON bodies, arbitrary bytes and
 * arbitrary CSV text always get a 2xx or 4xx answer, and every record the
 * answer lists is where it says: accepted on the raw topic, rejected in the DLQ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openEmbeddedBus, openIngestApp, type IngestTestApp } from '../testing/ingest-harness.ts';

const csvCell = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'Á', ',', '"', '\n', '\r', ' ', '1', '\uFEFF') }), fc.string());
const csvText = fc.oneof(
  fc
    .array(
      fc.array(csvCell, { minLength: 1, maxLength: 5 }).map((cells) => cells.join(',')),
      { maxLength: 8 },
    )
    .map((lines) => lines.join('\n')),
  fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', 'event_id_cnty', 'eventId') }),
);
const jsonBody = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.array(fc.jsonValue(), { maxLength: 6 }).map((values) => JSON.stringify(values)),
  fc
    .array(
      fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.string(),
      ),
      { maxLength: 6 },
    )
    .map((parts) => `[${parts.join(',')}]`),
  fc.string(),
);
const ndjsonBody = fc
  .array(
    fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
    ),
    { maxLength: 6 },
  )
  .map((lines) => lines.join('\n'));

/** Checks the answer and that accepted = appended to raw, rejected = appended to the DLQ (plus the body on a 400). */
async function checkInvariants(ingest: IngestTestApp, before: { raw: number; dlq: number }, answer: Awaited<ReturnType<IngestTestApp['post']>>) {
  expect(answer.statusCode).toBeGreaterThanOrEqual(200);
  expect(answer.statusCode).toBeLessThan(500);
  const raw = (await ingest.rawRecords()).length - before.raw;
  const dlq = (await ingest.dlqRecords()).length - before.dlq;
  if ([200, 207, 422].includes(answer.statusCode)) {
    expect([raw, dlq]).toEqual([answer.json.accepted, answer.json.rejected]);
    expect(answer.json.results).toHaveLength(Number(answer.json.accepted) + Number(answer.json.rejected));
  } else {
    expect(raw).toBe(0);
    expect(dlq).toBe(answer.json.error === 'body_unparseable' ? 1 : 0);
  }
  return { raw: before.raw + raw, dlq: before.dlq + dlq };
}

describe('ingest never fails on what it is sent', () => {
  it('answers arbitrary JSON and NDJSON bodies with 2xx or 4xx and accounts for every record', async () => {
    const ingest = await openIngestApp(await openEmbeddedBus(), { maxRecordBytes: 2048 });
    let counts = { raw: 0, dlq: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          jsonBody.map((b) => ['application/json', b] as const),
          ndjsonBody.map((b) => ['application/x-ndjson', b] as const),
        ),
        async ([type, body]) => {
          counts = await checkInvariants(ingest, counts, await ingest.post(body, type));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('answers arbitrary CSV text with 2xx or 4xx and accounts for every row', async () => {
    const ingest = await openIngestApp(await openEmbeddedBus());
    let counts = { raw: 0, dlq: 0 };
    await fc.assert(
      fc.asyncProperty(csvText, fc.constantFrom(undefined, 'csv', 'acled-csv'), async (body, format) => {
        counts = await checkInvariants(ingest, counts, await ingest.post(body, 'text/csv', format === undefined ? {} : { query: `format=${format}` }));
      }),
      { numRuns: 80 },
    );
  });

  it('answers arbitrary bytes under any content type with 2xx or 4xx', async () => {
    const ingest = await openIngestApp(await openEmbeddedBus());
    let counts = { raw: 0, dlq: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom('application/json', 'application/x-ndjson', 'text/csv', 'text/plain'),
        async (body, type) => {
          counts = await checkInvariants(ingest, counts, await ingest.post(body, type));
        },
      ),
      { numRuns: 60 },
    );
  });
});
