/**
 * `vigia up --follow` as a new user meets it: it says where every API is and
 * where its data lives, serves /healthz and /metrics, prints updates as
 * updates — and every record it writes, on every topic, has a CloudEvents
 * source + id that no other payload shares (issue 11: the 16- and 18-killed
 * revisions shared one id, so a deduplicating consumer dropped the 18).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus } from '@vigia/bus';
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../cli.ts';
import { memoryIo } from '../testing/memory-io.ts';

const urlAfter = (text: string, label: string) => new RegExp(`${label}\\s+(http://\\S+)`).exec(text)?.[1];

describe('vigia up --follow', () => {
  it('prints its URLs and data location, serves ops and the console, and never gives two payloads one CloudEvents id', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigia-up-follow-'));
    onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
    const io = memoryIo({});
    const seen: Record<string, number> = {};
    const status = await runCli(
      [
        'up',
        '--follow',
        '--all-transitions',
        '--port',
        '0',
        '--query-port',
        '0',
        '--console-port',
        '0',
        '--data-dir',
        dataDir,
        '--no-color',
        '--log-level',
        'error',
      ],
      io,
      {
        up: {
          untilInterrupted: async () => {
            const err = io.stderr.text();
            const ops = /\/metrics at (http:\/\/\S+)/.exec(err)?.[1];
            const ingest = urlAfter(err, 'ingest API');
            const query = urlAfter(err, 'query API');
            const console = urlAfter(err, 'console');
            const operatorKey = /operator key (\S+);/.exec(err)?.[1];
            expect(
              [ops, ingest, query, console, operatorKey].every((value) => value !== undefined),
              err,
            ).toBe(true);
            expect(new Set([ingest, query, console]).size).toBe(3);
            seen['healthz'] = (await fetch(`${ops}/healthz`)).status;
            const metrics = await fetch(`${ops}/metrics`);
            seen['metrics'] = metrics.status;
            expect(await metrics.text()).toMatch(/vigia_alerter_transitions_total \d+/);
            seen['query'] = (await fetch(`${query}/v1/indicators?region=PE&metric=cultivation.coca.ha&window=annual`)).status;
            const alerts = await fetch(`${console}/v1/alerts?state=firing`, { headers: { authorization: `Bearer ${operatorKey}` } });
            seen['console'] = alerts.status;
            expect(((await alerts.json()) as { alerts: unknown[] }).alerts.length).toBeGreaterThan(5);
            const indicators = await fetch(`${console}/v1/indicators?region=PE&metric=cultivation.coca.ha&window=annual`, {
              headers: { authorization: `Bearer ${operatorKey}` },
            });
            seen['console-indicators'] = indicators.status;
          },
        },
      },
    );
    expect(status, io.stderr.text()).toBe(0);
    expect(seen).toEqual({ healthz: 200, metrics: 200, query: 200, console: 200, 'console-indicators': 200 });
    expect(io.stderr.text()).toMatch(new RegExp(`this run's data is in ${dataDir} \\(\\d+ (kB|MB)\\); remove it with: rm -rf '${dataDir}'`));
    // The San Miguel del Ene killing: fired once at 14 dead, then revised — printed as updates, not as new pages.
    const killing = io.stdout
      .text()
      .split('\n')
      .filter((line) => line.includes('mass-killing at San Miguel del Ene'));
    expect(killing.filter((line) => /\bFIRING\b/.test(line) && line.includes('14 killed'))).toHaveLength(1);
    expect(killing.some((line) => /\bUPDATED\b/.test(line) && line.includes('18 killed'))).toBe(true);

    // Every topic of the run, read back: one payload per (ce_source, ce_id).
    const bus = await createEmbeddedBus({ dataDir, logger: pino({ level: 'silent' }) });
    onTestFinished(() => bus.close());
    const payloadOf = new Map<string, string>();
    const clashes: string[] = [];
    let records = 0;
    const topics = await bus.admin.listTopics();
    for (const topic of topics) {
      for (const { partition, offset } of await bus.admin.endOffsets(topic)) {
        if (offset === 0) continue;
        for await (const chunk of bus.readPartition(topic, partition)) {
          for (const record of chunk) {
            if (record.value === null) continue;
            records++;
            const id = `${record.headers['ce_source']} ${record.headers['ce_id']}`;
            expect(record.headers['ce_id'], `${topic}/${partition}/${record.offset} has no ce_id`).toBeDefined();
            const digest = createHash('sha256').update(record.value).digest('hex');
            const known = payloadOf.get(id);
            if (known !== undefined && known !== digest) clashes.push(`${topic}: ${id}`);
            payloadOf.set(id, digest);
          }
        }
      }
    }
    expect(topics.length).toBeGreaterThanOrEqual(10);
    expect(records).toBeGreaterThan(3000);
    expect(clashes).toEqual([]);
  }, 300_000);
});
