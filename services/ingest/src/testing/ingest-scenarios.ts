/**
 * What the ingest HTTP API must do, whatever Bus it writes to: run by
 * `ingest-app.int.spec.ts` on the embedded log and by
 * `ingest-app.kafka.int.spec.ts` on the real broker.
 */
import type { Bus } from '@vigia/bus';
import { readCloudEventHeaders } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { adminKey, dlqPayloadText, openIngestApp } from './ingest-harness.ts';

const incident = (eventId: string, extra: Record<string, unknown> = {}) => ({
  eventId,
  kind: 'incident',
  type: 'armed-clash',
  occurredAt: '2024-03-14',
  place: 'Pichari, La Convención, Cusco',
  ...extra,
});

export function describeIngestScenarios(adapter: string, openBus: () => Promise<Bus>): void {
  describe(`ingest HTTP API on the ${adapter} bus`, () => {
    it('appends a single JSON report keyed by its eventId, with CloudEvents headers, and answers 200', async () => {
      const ingest = await openIngestApp(await openBus());
      const answer = await ingest.post(JSON.stringify(incident('pnp-2024-000123')), 'application/json');
      expect(answer.statusCode).toBe(200);
      expect(answer.json).toMatchObject({ accepted: 1, rejected: 0, format: 'json', results: [{ index: 0, status: 'accepted', eventKey: 'pnp-2024-000123' }] });

      const [raw, ...more] = await ingest.rawRecords();
      expect(more).toEqual([]);
      expect(raw?.key).toBe('pnp-2024-000123');
      expect(raw?.value).toMatchObject({
        type: 'report.received',
        batchId: answer.json.batchId,
        format: 'json',
        recordNumber: 1,
        source: { channel: 'http', publisher: 'dirandro', apiKeyId: 'dirandro' },
        record: { kind: 'json', value: incident('pnp-2024-000123') },
      });
      const cloudEvent = readCloudEventHeaders(raw?.headers ?? {});
      expect(cloudEvent.ok && cloudEvent.attributes).toMatchObject({
        id: raw?.value.ingestId,
        source: '/vigia/ingest',
        type: 'pe.vigia.report.received.v1',
        subject: 'pnp-2024-000123',
      });
      expect(raw?.headers['vigia-event-key-source']).toBe('eventId');
      expect(await ingest.dlqRecords()).toEqual([]);
    });

    it('takes a JSON array batch record by record: 207, rejected records in the DLQ, accepted = appended', async () => {
      const ingest = await openIngestApp(await openBus());
      const body = `[${JSON.stringify(incident('a-1'))}, 42, {"notes": "no id"}, {"broken": }]`;
      const answer = await ingest.post(body, 'application/json');
      expect(answer.statusCode).toBe(207);
      expect(answer.json).toMatchObject({ accepted: 2, rejected: 2 });
      expect(answer.json.results).toMatchObject([
        { index: 0, status: 'accepted', eventKey: 'a-1' },
        { index: 1, status: 'rejected', reason: 'SCHEMA_INVALID', field: '', message: expect.stringContaining('JSON object') },
        { index: 2, status: 'accepted', eventKey: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
        { index: 3, status: 'rejected', reason: 'JSON_MALFORMED' },
      ]);
      const raw = await ingest.rawRecords();
      expect(raw.map((r) => r.value.recordNumber).sort()).toEqual([1, 3]);
      const dlq = await ingest.dlqRecords();
      expect(dlq.map((r) => [r.value.reason, r.value.stage, r.value.source, dlqPayloadText(r.value)]).sort()).toEqual([
        ['JSON_MALFORMED', 'ingest', null, '{"broken": }'],
        ['SCHEMA_INVALID', 'ingest', null, '42'],
      ]);
      const headers = dlq.map((r) => Object.fromEntries(r.value.headers.map((h) => [h.key, h.value])));
      expect(headers.map((h) => h['vigia-ingest-position']).sort()).toEqual(['index 1', 'index 3']);
      expect(headers[0]?.['vigia-ingest-batch-id']).toBe(answer.json.batchId);
      expect((await ingest.metrics.exposition()).text).toMatch(/vigia_ingest_dlq_records_total\{reason="JSON_MALFORMED"\} 1\b/);
      expect((await ingest.metrics.exposition()).text).toMatch(/vigia_ingest_records_total\{format="json",outcome="accepted"\} 2\b/);
    });

    it('reads NDJSON line by line and reports line numbers', async () => {
      const ingest = await openIngestApp(await openBus());
      const body = `${JSON.stringify(incident('n-1'))}\n\n{not json}\r\n${JSON.stringify(incident('n-2'))}\n`;
      const answer = await ingest.post(body, 'application/x-ndjson');
      expect(answer.statusCode).toBe(207);
      expect(answer.json.results).toMatchObject([
        { line: 1, status: 'accepted', eventKey: 'n-1' },
        { line: 3, status: 'rejected', reason: 'JSON_MALFORMED' },
        { line: 4, status: 'accepted', eventKey: 'n-2' },
      ]);
      expect((await ingest.rawRecords()).map((r) => [r.key, r.value.format, r.value.recordNumber]).sort()).toEqual([
        ['n-1', 'ndjson', 1],
        ['n-2', 'ndjson', 4],
      ]);
      const [dlq] = await ingest.dlqRecords();
      expect(dlq && dlqPayloadText(dlq.value)).toBe('{not json}');
    });

    it('reads our CSV columns into csv-row records; a re-sent file gets the same keys', async () => {
      const ingest = await openIngestApp(await openBus());
      const csv = 'event_id,occurred_at,place,notes\r\ncsv-1,2024-01-02,"Pichari, Cusco","said ""hi"""\r\n,2024-01-03,Llochegua,no id\r\n';
      const first = await ingest.post(csv, 'text/csv; charset=utf-8');
      expect(first.statusCode).toBe(200);
      expect(first.json).toMatchObject({ format: 'csv', accepted: 2 });
      expect(first.json.results).toMatchObject([
        { line: 2, row: 1, status: 'accepted', eventKey: 'csv-1' },
        { line: 3, row: 2, status: 'accepted', eventKey: expect.stringMatching(/^sha256:/) },
      ]);
      const again = await ingest.post(csv, 'text/csv');
      expect(again.json.results?.map((r) => r.eventKey)).toEqual(first.json.results?.map((r) => r.eventKey));

      const raw = await ingest.rawRecords();
      expect(raw).toHaveLength(4);
      const row = raw.find((r) => r.key === 'csv-1')?.value.record;
      expect(row).toEqual({ kind: 'csv-row', columns: { event_id: 'csv-1', occurred_at: '2024-01-02', place: 'Pichari, Cusco', notes: 'said "hi"' } });
      expect(new Set(raw.map((r) => r.value.ingestId)).size).toBe(4);
    });

    it('detects an ACLED export, keys rows by event_id_cnty and sends broken rows to the DLQ with the header', async () => {
      const ingest = await openIngestApp(await openBus());
      const header = 'event_id_cnty,event_date,year,event_type,sub_event_type,admin1,admin2,location,fatalities';
      const csv = [
        header,
        'PER1201,14 March 2024,2024,Battles,Armed clash,Cusco,La Convencion,Pichari,2',
        'PER1202,15 March 2024,2024,"Violence against civilians,Attack",Ayacucho,Huanta,Llochegua',
        'PER1203,16 March 2024,2024,Riots,"Mob "violence",Puno,Puno,Puno,0',
      ].join('\n');
      const answer = await ingest.post(csv, 'text/csv');
      expect(answer.statusCode).toBe(207);
      expect(answer.json).toMatchObject({ format: 'acled-csv', accepted: 1, rejected: 2 });
      expect(answer.json.results).toMatchObject([
        { row: 1, status: 'accepted', eventKey: 'PER1201' },
        { row: 2, status: 'rejected', reason: 'CSV_MALFORMED', message: 'the row has 7 fields; the header has 9' },
        { row: 3, line: 4, status: 'rejected', reason: 'CSV_MALFORMED' },
      ]);
      const [raw] = await ingest.rawRecords();
      expect(raw?.value).toMatchObject({ format: 'acled-csv', record: { kind: 'csv-row', columns: { event_id_cnty: 'PER1201', admin1: 'Cusco' } } });
      const dlq = await ingest.dlqRecords();
      expect(dlq).toHaveLength(2);
      for (const record of dlq) {
        expect(record.value.headers).toContainEqual({ key: 'vigia-csv-header', value: header });
        expect(record.value.headers).toContainEqual({ key: 'vigia-ingest-format', value: 'acled-csv' });
      }
      const forced = await ingest.post('id,date\n1,2024-01-01\n', 'text/csv', { query: 'format=acled-csv' });
      expect(forced.json.format).toBe('acled-csv');
    });

    it('refuses requests without a valid key (401) and stats to publishers (403)', async () => {
      const ingest = await openIngestApp(await openBus());
      const missing = await ingest.post('{}', 'application/json', { key: null });
      expect(missing.statusCode).toBe(401);
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      expect(missing.json).toMatchObject({ error: 'unauthorized', message: expect.stringContaining('Authorization: Bearer') });
      expect((await ingest.post('{}', 'application/json', { key: 'wrong' })).json).toMatchObject({ error: 'unauthorized' });
      expect((await ingest.get('/v1/stats')).statusCode).toBe(401);
      expect((await ingest.get('/v1/stats', 'test-publisher-key-0123456789')).json).toMatchObject({ error: 'forbidden' });
      expect(await ingest.rawRecords()).toEqual([]);

      await ingest.post(JSON.stringify(incident('s-1')), 'application/json', { key: adminKey });
      const stats = await ingest.get('/v1/stats', adminKey);
      expect(stats.statusCode).toBe(200);
      expect(stats.json).toMatchObject({
        records: { accepted: 1, rejected: 0 },
        byPublisher: { ops: { accepted: 1 } },
        topics: { raw: ingest.app.core.rawTopic },
      });
    });

    it('enforces the body, record count and record size limits', async () => {
      const ingest = await openIngestApp(await openBus(), { maxBodyBytes: 2048, maxRecords: 3, maxRecordBytes: 1024 });
      const tooLarge = await ingest.post(`[${Array.from({ length: 30 }, (_, i) => JSON.stringify(incident(`l-${i}`))).join(',')}]`, 'application/json');
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json).toMatchObject({ error: 'body_too_large', limitBytes: 2048 });

      const tooMany = await ingest.post('{"eventId":"1"}\n{"eventId":"2"}\n{"eventId":"3"}\n{"eventId":"4"}\n', 'application/x-ndjson');
      expect(tooMany.statusCode).toBe(413);
      expect(tooMany.json).toMatchObject({ error: 'too_many_records', limitRecords: 3 });
      expect(await ingest.rawRecords()).toEqual([]);

      const long = `{"eventId":"big","notes":"${'x'.repeat(1100)}"}`;
      const longRecord = await ingest.post(`${long}\n{"eventId":"small"}`, 'application/x-ndjson');
      expect(longRecord.statusCode).toBe(207);
      expect(longRecord.json.results).toMatchObject([
        { line: 1, status: 'rejected', reason: 'SCHEMA_INVALID', message: expect.stringContaining('at most 1024 bytes') },
        { line: 2, status: 'accepted' },
      ]);
      const [dlq] = await ingest.dlqRecords();
      expect(dlq?.value.payload?.byteLength).toBeLessThanOrEqual(1025);
      expect(dlq?.value.headers).toContainEqual({ key: 'vigia-ingest-byte-length', value: String(long.length) });
    });

    it('answers 400 with reason and field for an unreadable body and keeps the body in the DLQ', async () => {
      const ingest = await openIngestApp(await openBus());
      const answer = await ingest.post('[{"eventId":"x"}, {"eventId":"y"}', 'application/json');
      expect(answer.statusCode).toBe(400);
      expect(answer.json).toMatchObject({ error: 'body_unparseable', reason: 'JSON_MALFORMED', field: 'body', message: expect.stringContaining('closing ]') });
      const header = await ingest.post('a,a\n1,2\n', 'text/csv');
      expect(header.json).toMatchObject({ error: 'body_unparseable', reason: 'CSV_MALFORMED', field: 'header' });
      expect(await ingest.rawRecords()).toEqual([]);
      const dlq = await ingest.dlqRecords();
      expect(dlq.map((r) => [r.value.reason, dlqPayloadText(r.value)]).sort()).toEqual([
        ['CSV_MALFORMED', 'a,a\n1,2\n'],
        ['JSON_MALFORMED', '[{"eventId":"x"}, {"eventId":"y"}'],
      ]);
      expect((await ingest.metrics.exposition()).text).toMatch(/vigia_ingest_dlq_records_total\{reason="CSV_MALFORMED"\} 1\b/);
    });

    it('answers 415 for other content types, 422 when nothing is accepted and 400 for no records', async () => {
      const ingest = await openIngestApp(await openBus());
      expect((await ingest.post('<report/>', 'application/xml')).json).toMatchObject({ error: 'unsupported_media_type' });
      expect((await ingest.post('{}', undefined)).statusCode).toBe(415);
      expect((await ingest.post('a,b', 'text/csv; charset=latin1')).statusCode).toBe(415);
      expect((await ingest.post('{}', 'application/json', { headers: { 'content-encoding': 'gzip' } })).json).toMatchObject({
        error: 'unsupported_media_type',
        message: expect.stringContaining('gzip'),
      });
      expect((await ingest.post('[]', 'application/json')).json).toMatchObject({ error: 'no_records' });
      const none = await ingest.post('[1, 2]', 'application/json');
      expect(none.statusCode).toBe(422);
      expect(none.json).toMatchObject({ accepted: 0, rejected: 2 });
      expect((await ingest.get('/v2/nothing')).statusCode).toBe(404);
    });
  });
}
