/**
 * An analyst posts a whole coca survey table — 25 zones, 2018–2024, years out
 * of order, DEVIDA and UNODC figures for some zone-years — to an empty
 * pipeline in ONE request. Every year above the 15 % threshold must page
 * once, with its own source, and nothing else may fire: what fires is a
 * function of the table, not of how the pipeline happened to batch or read it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { regionByCode } from '@vigia/geo';
import { surveySourceOf } from '@vigia/schemas';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ExpectedFindings } from '../fixtures/surveys/expected-findings.ts';

const root = new URL('../..', import.meta.url).pathname;
const fixtures = join(root, 'tests/fixtures/surveys');

/** `vigia up --scenario none --follow` as a user starts it, with its output collected. */
async function startEmptyPipeline(): Promise<{ url: string; apiKey: string; stdout: () => string; stop: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigia-survey-'));
  onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
  const child = spawn(
    process.execPath,
    [
      join(root, 'packages/cli/src/main.ts'),
      'up',
      '--scenario',
      'none',
      '--follow',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--no-color',
      '--log-level',
      'error',
    ],
    { cwd: root, env: { ...process.env, KAFKA_BROKERS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGINT');
    await exited;
  };
  onTestFinished(stop);
  const [, url, apiKey] = await waitFor(
    () => /ingest API\s+(\S+)\s+\(publisher key (\S+)\)/.exec(stderr),
    'the ingest API',
    () => child.exitCode !== null && `vigia up exited: ${stderr}`,
  );
  return { url: url!, apiKey: apiKey!, stdout: () => stdout, stop };
}

async function waitFor<T>(
  probe: () => T | null | undefined | false,
  label: string,
  failed: () => string | false = () => false,
  timeoutMs = 240_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    const failure = failed();
    if (failure) throw new Error(failure);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The transitions printed as they happen (the closing summary's lines are indented). */
function liveLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => !line.startsWith('   '));
}

/** The coca-growth pages printed so far: region name, year and source of each. */
function growthPages(stdout: string): string[] {
  const page = /FIRING\s+(.+?) \(zone\)\s+coca-growth-yoy\s+Coca cultivation in .+? grew [\d.,]+ % in (\d{4}) \(([a-z0-9-]+) survey/;
  return liveLines(stdout).flatMap((line) => {
    const match = page.exec(line);
    return match === null ? [] : [`${match[1]}|${match[2]}|${match[3]}`];
  });
}

describe('a survey table posted in one request to an empty pipeline', () => {
  it('pages every year above the threshold once, per source, and nothing else', async () => {
    const expected = JSON.parse(await readFile(join(fixtures, 'expected-findings.json'), 'utf8')) as ExpectedFindings;
    const table = await readFile(join(fixtures, expected.table));
    const wanted = expected.findings.map((finding) => `${regionByCode(finding.zone)!.name}|${finding.year}|${surveySourceOf(finding.source)}`).sort();
    expect(new Set(expected.findings.map((finding) => finding.source)).size).toBeGreaterThan(1);

    const pipeline = await startEmptyPipeline();
    const answer = await fetch(`${pipeline.url}/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-api-key': pipeline.apiKey },
      body: table,
    });
    expect(answer.status, await answer.clone().text()).toBeLessThan(300);
    const accepted = (await answer.json()) as { accepted?: number };
    expect(accepted.accepted).toBe(expected.rows);

    await waitFor(() => growthPages(pipeline.stdout()).length >= wanted.length, `${wanted.length} coca-growth pages`);
    // A report sent after the table: once its alert is printed, the table's surveys are long processed.
    const sentinel = {
      kind: 'incident',
      eventId: 'survey-test-sentinel',
      occurredAt: '2024-12-30',
      reportedAt: '2024-12-31T09:00:00-05:00',
      place: 'Llochegua, Huanta',
      incidentType: 'masacre',
      casualties: { civilians: { killed: 6 } },
    };
    await fetch(`${pipeline.url}/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': pipeline.apiKey },
      body: JSON.stringify(sentinel),
    });
    await waitFor(() => /FIRING\s+Ayacucho \(department\)\s+mass-casualty-event/.test(pipeline.stdout()), 'the sentinel alert');
    await pipeline.stop();

    const pages = growthPages(pipeline.stdout()).sort();
    expect(pages).toEqual(wanted);
    const firingLines = liveLines(pipeline.stdout()).filter((line) => /\bFIRING\b/.test(line));
    const others = firingLines.filter((line) => !/coca-growth-yoy|mass-casualty-event/.test(line));
    expect(others).toEqual([]);
  }, 300_000);
});
