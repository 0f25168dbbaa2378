/**
 * `vigia ingest` end to end, in-process: files on disk, the embedded Bus, and
 * the real ingest HTTP API listening on a socket.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus, type Bus, type ConsumedRecord } from '@vigia/bus';
import { createIngestApp, defaultIngestLimits, hashApiKey, parseApiKeyEntry } from '@vigia/ingest';
import { decodeTopicValue, topicName, type RawReport } from '@vigia/schemas';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli, type CliDeps } from '../cli.ts';
import { memoryIo } from '../testing/memory-io.ts';

const silent = pino({ level: 'silent' });
const apiKey = 'cli-test-key-0123456789';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigia-cli-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function openBus(dataDir: string): Promise<Bus> {
  const bus = await createEmbeddedBus({ dataDir, logger: silent, fsync: 'never' });
  onTestFinished(() => bus.close());
  return bus;
}

async function readTopic(bus: Bus, topic: string): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  for (const { partition } of await bus.admin.endOffsets(topic)) {
    for await (const batch of bus.readPartition(topic, partition)) records.push(...batch);
  }
  return records;
}

function rawReports(records: readonly ConsumedRecord[]): RawReport[] {
  return records.map((record) => {
    const decoded = decodeTopicValue('vigia.events.raw.v1', record.value ?? new Uint8Array());
    if (!decoded.ok) throw new TypeError(decoded.message);
    return decoded.value;
  });
}

async function run(argv: string[], deps: CliDeps = {}, env: Record<string, string> = {}) {
  const io = memoryIo(env);
  const status = await runCli(argv, io, deps);
  return { status, stdout: io.stdout.text(), stderr: io.stderr.text() };
}

/** An ingest API on its own embedded bus, listening on a free port. */
async function startApi() {
  const bus = await openBus(await tempDir());
  const namespace = randomUUID();
  const app = createIngestApp({
    bus,
    logger: silent,
    config: { ...defaultIngestLimits, apiKeys: [parseApiKeyEntry(`analyst:publisher:${hashApiKey(apiKey)}`)], namespace },
  });
  onTestFinished(() => app.stop());
  const { url } = await app.start();
  return { bus, url, app };
}

const ndjson = (count: number) => Array.from({ length: count }, (_, i) => JSON.stringify({ eventId: `f-${i}`, kind: 'seizure' })).join('\n');

describe('vigia ingest --direct', () => {
  it('streams a file through the ingest core onto the Bus, batch by batch, and exits 3 when records were rejected', async () => {
    const dir = await tempDir();
    const dataDir = join(dir, 'data');
    const file = join(dir, 'reports.ndjson');
    await writeFile(file, `${ndjson(7)}\n{oops\n[1,2]\n\n${JSON.stringify({ eventId: 'last' })}\n`);
    const namespace = randomUUID();
    const { status, stdout, stderr } = await run(
      ['ingest', file, '--direct', '--namespace', namespace, '--publisher', 'analyst-7', '--batch-records', '3', '--json', '--progress', 'none'],
      { ingest: { openBus: () => createEmbeddedBus({ dataDir, logger: silent, fsync: 'never' }) } },
    );
    expect(status).toBe(3);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ format: 'ndjson', accepted: 8, rejected: 2, rejectedByReason: { JSON_MALFORMED: 1, SCHEMA_INVALID: 1 } });
    expect(stderr).toContain('rejected line 8: JSON_MALFORMED');
    expect(stderr).toContain('rejected line 9: SCHEMA_INVALID');

    // The run closed its bus; a new one on the same directory sees what was acknowledged.
    const bus = await openBus(dataDir);
    const raw = rawReports(await readTopic(bus, topicName('vigia.events.raw.v1', { namespace })));
    expect(raw).toHaveLength(8);
    expect(raw.find((report) => report.recordNumber === 11)).toMatchObject({
      source: { channel: 'cli', publisher: 'analyst-7', fileName: 'reports.ndjson' },
      record: { kind: 'json', value: { eventId: 'last' } },
    });
    expect(new Set(raw.map((report) => report.batchId)).size).toBe(1);
    expect(await readTopic(bus, topicName('vigia.events.dlq.v1', { namespace }))).toHaveLength(2);
  });

  it('names the problem when the input or the Bus cannot be opened', async () => {
    const dir = await tempDir();
    const missing = await run(['ingest', join(dir, 'missing.ndjson'), '--direct']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('missing.ndjson (ENOENT)');

    const file = join(dir, 'ok.ndjson');
    await writeFile(file, ndjson(1));
    const badBus = await run(['ingest', file, '--direct'], {}, { KAFKA_SSL: 'true' });
    expect(badBus.status).toBe(1);
    expect(badBus.stderr).toContain('cannot open the Bus');
    expect(badBus.stderr).toContain('KAFKA_SSL applies to Kafka only');
  });
});

describe('vigia ingest --url', () => {
  it('sends an ACLED export in batches and reports rejections at their file positions', async () => {
    const { bus, url, app } = await startApi();
    const dir = await tempDir();
    const file = join(dir, 'acled-peru.csv');
    const rows = Array.from({ length: 9 }, (_, i) => `PER${i},${i + 1} March 2024,Battles,"Cusco, La Convencion"`);
    rows.splice(4, 0, 'PER-broken,"unterminated, x" y,Battles,Cusco');
    await writeFile(file, `\uFEFFevent_id_cnty,event_date,event_type,admin1\r\n${rows.join('\r\n')}\r\n`);
    const { status, stdout, stderr } = await run(['ingest', file, '--url', url, '--batch-records', '4', '--progress', 'plain'], {}, { VIGIA_API_KEY: apiKey });
    expect(status).toBe(3);
    expect(stdout).toContain('(acled-csv)');
    expect(stdout).toContain('accepted 9, rejected 1');
    expect(stderr).toContain('rejected row 5 (line 6): CSV_MALFORMED');
    const raw = rawReports(await readTopic(bus, app.core.rawTopic));
    expect(raw.map((report) => report.format)).toEqual(Array(9).fill('acled-csv'));
    expect(raw.every((report) => report.source.apiKeyId === 'analyst')).toBe(true);
    expect(await readTopic(bus, app.core.dlqTopic)).toHaveLength(1);
  });

  it('retries a batch the API could not take and exits 0 when everything was accepted', async () => {
    const { bus, url, app } = await startApi();
    const file = join(await tempDir(), 'reports.json');
    await writeFile(
      file,
      JSON.stringify(
        Array.from({ length: 5 }, (_, i) => ({ eventId: `j-${i}` })),
        null,
        2,
      ),
    );
    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls += 1;
      if (calls <= 2) return new Response(JSON.stringify({ error: 'bus_unavailable', message: 'try later' }), { status: 503 });
      return fetch(input, init);
    };
    const delays: number[] = [];
    const deps: CliDeps = { ingest: { fetch: flaky, sleep: async (ms) => void delays.push(ms) } };
    const { status, stderr } = await run(['ingest', file, '--url', url, '--api-key', apiKey, '--progress', 'none'], deps);
    expect(status).toBe(0);
    expect(delays).toHaveLength(2);
    expect(stderr).toContain('retry 1');
    expect((await readTopic(bus, app.core.rawTopic)).map((r) => r.key).sort()).toEqual(['j-0', 'j-1', 'j-2', 'j-3', 'j-4']);
  });

  it('stops with exit 1 on a refused key, and after a broken structure keeps what came before', async () => {
    const { bus, url, app } = await startApi();
    const dir = await tempDir();
    const good = join(dir, 'a.ndjson');
    await writeFile(good, ndjson(2));
    const refused = await run(['ingest', good, '--url', url, '--api-key', 'wrong', '--progress', 'none']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('HTTP 401');

    const broken = join(dir, 'b.json');
    await writeFile(broken, '[{"eventId":"b-0"}, {"eventId":"b-1"}, {"eventId":"b-2"} {"eventId":"b-3"}]');
    const partial = await run(['ingest', broken, '--url', url, '--api-key', apiKey, '--batch-records', '2', '--progress', 'none', '--json']);
    expect(partial.status).toBe(1);
    expect(JSON.parse(partial.stdout)).toMatchObject({ accepted: 3, failure: { code: 'VIGIA_CLI_INPUT_UNREADABLE' } });
    expect(partial.stderr).toContain('expected , or ] after element 2');
    expect((await readTopic(bus, app.core.rawTopic)).map((r) => r.key).sort()).toEqual(['b-0', 'b-1', 'b-2']);
  });
});
