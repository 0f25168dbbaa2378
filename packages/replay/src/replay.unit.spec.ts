import { readFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { defaultRulesUrl } from '@vigia/rules';
import { ndjsonLine, scenarioRecords } from '@vigia/simulate';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { buildReports } from './build-reports.ts';
import { createInputDecoder } from './input-decoder.ts';
import { compileReplayOptions, loadReplayRuleSet, type ReplayRuleSet } from './replay-options.ts';
import { ReplayNormalizer } from './replay-normalizer.ts';
import { createReplay } from './replay-run.ts';

const defaultRules = readFileSync(defaultRulesUrl, 'utf8');
const scenarioNdjson = new TextEncoder().encode(
  [...scenarioRecords({ scenario: 'peru-public', seed: 'replay', count: 1500 })].map((record) => `${ndjsonLine(record)}\n`).join(''),
);

function ruleSet(name: string, text: string): ReplayRuleSet {
  const loaded = loadReplayRuleSet(name, text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.ruleSet;
}

/** The whole file through the decoder (in uneven chunks) and the replay; the report files by name. */
async function replayScenario(ruleSets: readonly ReplayRuleSet[], chunkBytes: number): Promise<Map<string, string | Uint8Array>> {
  const options = compileReplayOptions({ from: '2014-01-01', to: '2024-12-31', ruleSets, series: { regions: ['PE'], metrics: ['incidents.count'] } });
  const normalizer = new ReplayNormalizer();
  const decoder = createInputDecoder(
    { kind: 'reports', format: { kind: 'ndjson' } },
    { normalizer, fileName: 'scenario.ndjson', receivedAt: '2026-01-01T00:00:00Z' },
  );
  const replay = createReplay(options);
  for (let start = 0; start < scenarioNdjson.length; start += chunkBytes) {
    for (const change of decoder.push(scenarioNdjson.subarray(start, start + chunkBytes))) replay.push(change);
    // CPU-bound for seconds: let the test runner's worker answer its parent meanwhile.
    await nextTurn();
  }
  for (const change of decoder.end()) replay.push(change);
  return new Map(buildReports(replay.finish(), options).files.map((file) => [file.name, file.content]));
}

describe('replay of the public scenario with the default rules', () => {
  it('raises the scenario’s known alerts and writes the same bytes twice, however the input is chunked', async () => {
    const first = await replayScenario([ruleSet('default', defaultRules)], 64 * 1024);
    const second = await replayScenario([ruleSet('default', defaultRules)], 977);
    expect([...first.keys()]).toEqual(['alerts.csv', 'alerts.json', 'alerts.md', 'series.csv', 'series.parquet']);
    expect(second).toEqual(first);
    const markdown = String(first.get('alerts.md'));
    expect(markdown).toMatch(/coca-growth-yoy \| critical \| Perú \(PE\) \| Coca cultivation in Perú grew 22\.5 % in 2020/);
    expect(markdown).toMatch(/mass-casualty-event \| critical \| Junín \(12\) \| 18 killed in one mass-killing at San Miguel del Ene/);
    expect(markdown).toMatch(/large-cocaine-seizure \| warning \| La Libertad \(13\) \| 7,600 kg of cocaine hydrochloride/);
    expect(first.get('series.csv')).toMatch(/^as_of,region,level,metric,window,value,contributing_events,correction,source,year\r\n/);
    expect(first.get('series.csv')).toMatch(/\r\n\d{4}-\d\d-\d\d,PE,national,incidents\.count,7d,\d+,\d+,(true|false),,\r\n/);
    // The Parquet file holds the CSV's rows, typed: read back with a Parquet reader, written out as the CSV writes them.
    const parquet = first.get('series.parquet') as Uint8Array;
    const rows = await parquetReadObjects({ file: parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.byteLength) as ArrayBuffer });
    const csvLines = String(first.get('series.csv')).trimEnd().split('\r\n').slice(1);
    expect(rows.length).toBe(csvLines.length);
    expect(rows.length).toBeGreaterThan(0);
    const asCsv = (row: Record<string, unknown>) =>
      [row.as_of, row.region, row.level, row.metric, row.window, row.value, row.contributing_events, row.correction, row.source ?? '', row.year ?? ''].join(
        ',',
      );
    expect(rows.map(asCsv)).toEqual(csvLines);
  }, 400_000);

  it('diffs two rule sets: with a 30 % coca threshold the 2020 growth of 22.5 % no longer fires', async () => {
    const higher = defaultRules.replace('when: { above: 15 }', 'when: { above: 30 }');
    const files = await replayScenario([ruleSet('default', defaultRules), ruleSet('coca-30pct', higher)], 64 * 1024);
    const diff = files.get('diff-default-vs-coca-30pct.md')!;
    expect(diff).toMatch(/Only in A: [1-9]\d*\. Only in B: 0\. B fired earlier: 0, later: 0\. Same day in both: [1-9]\d*\./);
    expect(diff).toMatch(/\| only in A \| coca-growth-yoy \| Perú \(PE\) \| us-ondcp 2020 \| 2021-07-15 \| — \| {2}\|/);
    expect(files.get('diff-default-vs-coca-30pct.csv')).toMatch(/\r\nonly-in-a,coca-growth-yoy,PE,Perú,national,us-ondcp 2020,2021-07-15T00:00:00Z,,,/);
  }, 400_000);
});
