import { createRecordReader, type SubmittedItem } from '@vigia/ingest';
import { decideRevision, normalizeReport } from '@vigia/normalizer';
import type { CanonicalEvent, RawReport } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { csvHeaderLine, csvRow, ndjsonLine } from './render.ts';
import { scenarioRecords } from './scenario.ts';
import { Expected, expectedReason, type ScenarioRecord } from './scenario-record.ts';
import type { ScenarioOptions } from './options.ts';

// Every record goes through what the pipeline really runs — ingest's streaming
// reader, the normalizer's pure mapping and its revision decision — and must
// end exactly as the scenario says: recorded, revised, duplicate, or rejected
// with the expected reason.

// Later than any arrival of the scenarios below; the normalizer checks dates against it.
const receivedAt = '2026-01-01T00:00:00Z';

function envelope(item: SubmittedItem, format: 'ndjson' | 'csv'): RawReport {
  return {
    type: 'report.received',
    ingestId: '00000000-0000-4000-8000-000000000000',
    batchId: '00000000-0000-4000-8000-000000000001',
    receivedAt,
    source: { channel: 'cli', publisher: 'simulate', fileName: `scenario.${format}` },
    format,
    recordNumber: item.recordNumber,
    record:
      item.kind === 'json' ? { kind: 'json', value: item.value as never } : { kind: 'csv-row', columns: { ...(item.kind === 'csv-row' ? item.columns : {}) } },
  };
}

function outcomesThroughPipeline(records: readonly ScenarioRecord[], format: 'ndjson' | 'csv'): string[] {
  const text = format === 'csv' ? `${[csvHeaderLine(), ...records.map(csvRow)].join('\n')}\n` : `${records.map(ndjsonLine).join('\n')}\n`;
  const reader = createRecordReader(format === 'csv' ? { kind: 'csv', flavor: 'csv' } : { kind: 'ndjson' }, { maxRecordBytes: 262_144 });
  const items = [...reader.push(new TextEncoder().encode(text)), ...reader.end()];
  expect(items).toHaveLength(records.length);
  const state = new Map<string, CanonicalEvent>();
  return items.map((item, i) => {
    if (item.kind === 'malformed') return item.reason;
    const key = records[i]?.eventId ?? null;
    const outcome = normalizeReport(envelope(item, format), key);
    if (!outcome.ok) return `${outcome.reason}`;
    const decision = decideRevision(state.get(outcome.event.eventId), outcome.event);
    if (decision.kind === 'reject') return decision.reason;
    state.set(outcome.event.eventId, outcome.event);
    return decision.change.type === 'event.recorded' ? Expected.recorded : Expected.revised;
  });
}

function expectedOutcomes(records: readonly ScenarioRecord[], format: 'ndjson' | 'csv'): string[] {
  return records.map((record) => expectedReason(record, format) ?? record.expected);
}

describe.each([
  ['baseline', { seed: 'acceptance', count: 3000 }],
  ['peru-public', { scenario: 'peru-public', seed: 'acceptance', count: 1500 }],
] as const)('the %s scenario through ingest and the normalizer', (_name, options: ScenarioOptions) => {
  const records = [...scenarioRecords(options)];

  it.each(['ndjson', 'csv'] as const)('ends every %s record as the scenario expects', (format) => {
    const actual = outcomesThroughPipeline(records, format);
    const mismatches = actual
      .map((outcome, i) => ({ outcome, expected: expectedOutcomes(records, format)[i], record: records[i] }))
      .filter(({ outcome, expected }) => outcome !== expected)
      .slice(0, 5)
      .map(({ outcome, expected, record }) => `${outcome} ≠ ${String(expected)}: ${JSON.stringify(record?.report)}`);
    expect(mismatches).toEqual([]);
    expect(actual.filter((outcome) => outcome === Expected.recorded).length).toBeGreaterThan(records.length * 0.8);
  });
});
