import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeReport } from '@vigia/normalizer';
import type { RawReport } from '@vigia/schemas';
import { generateScenario, type ScenarioOptions } from './scenario.ts';
import { ndjsonLine } from './serialize.ts';
import type { ScenarioRecord } from './reports.ts';

const text = (options: ScenarioOptions) => [...generateScenario(options)].map(ndjsonLine).join('');
const reports = (records: Iterable<ScenarioRecord>) =>
  [...records].flatMap((record) => (record.kind === 'report' ? [record.report] : []));

function envelope(value: Record<string, unknown>, n: number): RawReport {
  return {
    type: 'report.received',
    ingestId: '00000000-0000-4000-8000-000000000000',
    batchId: '00000000-0000-4000-8000-000000000001',
    receivedAt: '2026-11-24T00:00:00Z',
    source: { channel: 'cli', publisher: 'simulate' },
    format: 'ndjson',
    recordNumber: n + 1,
    record: { kind: 'json', value: value as never },
  };
}

describe('generateScenario', () => {
  it('gives a byte-identical stream for the same seed and a different one for another seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        expect(text({ seed, events: 300 })).toBe(text({ seed, events: 300 }));
        expect(text({ seed, events: 300 })).not.toBe(text({ seed: seed + 1, events: 300 }));
      }),
      { numRuns: 20 },
    );
  });

  it('mixes late, duplicated, revised and malformed reports into the arrival order', () => {
    const records = [...generateScenario({ scenario: 'synthetic', seed: 7, events: 5000 })];
    const all = reports(records);
    const ids = all.map((r) => `${String(r['eventId'])}#${String(r['revision'] ?? 1)}`);
    const days = all.map((r) => String(r['occurredAt'] ?? ''));
    const outOfOrder = days.filter((day, i) => i > 0 && day < days[i - 1]!).length;

    expect(records.length).toBeGreaterThan(5000);
    expect(ids.length - new Set(ids).size).toBeGreaterThan(50); // re-sent reports
    expect(all.filter((r) => r['revision'] === 2).length).toBeGreaterThan(100); // revisions
    expect(records.filter((r) => r.kind === 'unparseable').length).toBeGreaterThan(5); // broken lines
    expect(outOfOrder).toBeGreaterThan(200); // late reports arrive after later events
  });

  it('contains the public figures that must raise alerts', () => {
    const all = reports(generateScenario({ events: 200 }));
    const byId = (id: string) => all.filter((r) => r['eventId'] === id);
    expect(byId('ondcp-pe-2019')[0]).toMatchObject({ region: 'PE', year: 2019, hectares: 72_000 });
    expect(byId('ondcp-pe-2020')[0]).toMatchObject({ region: 'PE', year: 2020, hectares: 88_200 });
    expect(byId('devida-vraem-2016')[0]).toMatchObject({ hectares: 20_300 });
    expect(byId('pnp-2014-trujillo-coal')[0]).toMatchObject({ items: [{ quantity: 7.6, unit: 't' }] });
    const killings = byId('ffaa-2021-05-23-vizcatan-del-ene');
    expect(killings.map((r) => (r['casualties'] as { civilians: { killed: number } }).civilians.killed)).toEqual([14, 16, 18]);
  });

  it('writes reports the normalizer accepts, except the deliberately malformed ones', () => {
    const records = [...generateScenario({ seed: 11, events: 2000 })];
    const rejected = reports(records)
      .map((report, n) => ({ report, outcome: normalizeReport(envelope(report as Record<string, unknown>, n), String(report['eventId'])) }))
      .filter(({ outcome }) => !outcome.ok);
    const reasons = rejected.map(({ outcome }) => (outcome.ok ? '' : outcome.reason));
    // Malformed by design: unknown places and units, about 1 % of the events.
    expect(new Set(reasons)).toEqual(new Set(['PLACE_UNKNOWN', 'UNIT_UNKNOWN']));
    expect(rejected.length).toBeLessThan(40);
  });
});
