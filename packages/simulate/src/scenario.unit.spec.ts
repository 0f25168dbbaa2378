import { resolve } from '@vigia/geo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isVigiaError } from '@vigia/schemas';
import { ndjsonLine } from './render.ts';
import { generateScenario, scenarioRecords } from './scenario.ts';
import { Expected, type ScenarioRecord } from './scenario-record.ts';
import type { ScenarioOptions } from './options.ts';
import { unknownPlaces } from './report-factory.ts';

const text = (options: ScenarioOptions) => [...scenarioRecords(options)].map(ndjsonLine).join('\n');
const share = (records: readonly ScenarioRecord[], test: (record: ScenarioRecord) => boolean) => records.filter(test).length / records.length;

describe('determinism', () => {
  it('gives byte-identical streams for one seed and different streams for another', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.integer({ min: 100, max: 400 }), (seed, count) => {
        expect(text({ seed, count })).toBe(text({ seed, count }));
        expect(text({ seed, count })).not.toBe(text({ seed: `${seed}+`, count }));
      }),
      { numRuns: 15 },
    );
  });

  it('streams the same records asynchronously', async () => {
    const asynchronous: string[] = [];
    for await (const record of generateScenario({ seed: 3, count: 500 })) asynchronous.push(ndjsonLine(record));
    expect(asynchronous.join('\n')).toBe(text({ seed: 3, count: 500 }));
  });
});

describe('the baseline mix', () => {
  const records = [...scenarioRecords({ seed: 'mix', count: 20_000 })];
  const firsts = records.filter((record) => record.revision === 1 && record.expected !== Expected.duplicate && record.kind !== 'cultivation-survey');

  it('emits exactly `count` records, numbered in order', () => {
    expect(records).toHaveLength(20_000);
    expect(records.map((record) => record.position)).toEqual(records.map((_, i) => i + 1));
  });

  it('mixes incidents, seizures and surveys within tolerance', () => {
    expect(share(firsts, (record) => record.kind === 'incident')).toBeGreaterThan(0.4);
    expect(share(firsts, (record) => record.kind === 'seizure')).toBeGreaterThan(0.4);
    expect(records.filter((record) => record.kind === 'cultivation-survey').length).toBe(3 * 20); // 19 zones + PE, surveys of 2021–2023
  });

  it('has late reports, emitted after newer events', () => {
    expect(share(firsts, (record) => record.late)).toBeCloseTo(0.12, 1);
    let newest = '';
    let overtaken = 0;
    for (const record of records) {
      if (record.occurredOn < newest) overtaken += 1;
      else newest = record.occurredOn;
    }
    expect(overtaken).toBeGreaterThan(records.length * 0.05);
  });

  it('has re-sends, revisions and malformed records in the configured shares', () => {
    expect(share(records, (record) => record.expected === Expected.duplicate)).toBeCloseTo(0.03, 1);
    expect(share(records, (record) => record.expected === Expected.revised)).toBeGreaterThan(0.03);
    expect(share(records, (record) => record.expected === Expected.rejected)).toBeCloseTo(0.01, 2);
    expect(new Set(records.map((record) => record.malformation).filter(Boolean))).toEqual(
      new Set(['syntax', 'place-unknown', 'unit-unknown', 'date-invalid', 'kind-missing']),
    );
  });

  it('emits every revision after the one it replaces, and a re-send after its original', () => {
    const seen = new Map<string, number>();
    for (const record of records) {
      const latest = seen.get(record.eventId) ?? 0;
      if (record.expected === Expected.duplicate) expect(latest).toBe(record.revision);
      else expect(record.revision).toBe(latest + 1);
      seen.set(record.eventId, record.revision);
    }
  });

  it('uses districts the gazetteer knows, and unknown places that it does not', () => {
    for (const place of unknownPlaces) expect(resolve(place)).toMatchObject({ ok: false, reason: 'PLACE_UNKNOWN' });
  });
});

describe('the reorder buffer', () => {
  it('keeps every per-event order with a tiny buffer (arrival order is then approximate)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (reorderCapacity) => {
        const records = [...scenarioRecords({ seed: 'tiny', count: 2000, reorderCapacity })];
        expect(records).toHaveLength(2000);
        const seen = new Map<string, number>();
        for (const record of records) {
          const latest = seen.get(record.eventId) ?? 0;
          expect(record.revision).toBeGreaterThanOrEqual(latest);
          seen.set(record.eventId, record.revision);
        }
      }),
      { numRuns: 10 },
    );
  });
});

describe('the peru-public scenario', () => {
  const records = [...scenarioRecords({ scenario: 'peru-public', count: 1000 })];
  const known = (id: string) => records.filter((record) => record.known === id).map((record) => record.report);

  it('replays the national coca series 72,000 → 88,200 ha (2019 → 2020)', () => {
    expect(known('national-2019')).toEqual([expect.objectContaining({ region: 'PE', year: 2019, hectares: 72_000 })]);
    expect(known('national-2020')).toEqual([expect.objectContaining({ region: 'PE', year: 2020, hectares: 88_200 })]);
  });

  it('has VRAEM at about 20,300 ha in 2016, with zones growing above and below 15 %', () => {
    expect(known('vraem-2016')).toEqual([expect.objectContaining({ zone: 'zone:vraem', year: 2016, hectares: 20_300 })]);
    const zone = (eventId: string) => records.find((record) => record.eventId === eventId)?.report.hectares as number;
    expect(zone('pe-devida-2016-huallaga') / zone('pe-devida-2015-huallaga')).toBeGreaterThan(1.15);
    expect(zone('pe-devida-2016-la-convencion-lares') / zone('pe-devida-2015-la-convencion-lares')).toBeLessThan(1.15);
  });

  it('has the 7.6 t cocaine seizure in coal at Huanchaco (Trujillo) in August 2014, revised from 3 t', () => {
    const versions = known('huanchaco-coal-2014');
    expect(versions.map((report) => (report.items as { quantity: string }[])[0]?.quantity)).toEqual(['3 t', '6.5 t', '7.6 t']);
    expect(versions[0]).toMatchObject({ occurredAt: '2014-08-26', ubigeo: '130104' });
  });

  it('has the Vizcatán del Ene killing of 23 May 2021 reported as 14, then 16, then 18 dead', () => {
    const versions = known('vizcatan-del-ene-2021');
    expect(versions.map((report) => (report.casualties as { civilians: { killed: number } }).civilians.killed)).toEqual([14, 16, 18]);
    expect(versions.map((report) => report.revision)).toEqual([1, 2, 3]);
    expect(versions[0]).toMatchObject({ occurredAt: '2021-05-23', ubigeo: '120609' });
  });
});

describe('options', () => {
  it('refuses a count smaller than the scenario’s pinned records, naming the option', () => {
    const attempt = () => [...scenarioRecords({ scenario: 'peru-public', count: 5 })];
    expect(attempt).toThrow(expect.objectContaining({ code: 'VIGIA_SIMULATE_OPTIONS_INVALID', option: 'count' }));
  });

  it('refuses shares outside [0, 1]', () => {
    try {
      [...scenarioRecords({ lateShare: 1.5 })];
      expect.unreachable();
    } catch (error) {
      expect(isVigiaError(error, 'VIGIA_SIMULATE_OPTIONS_INVALID')).toBe(true);
    }
  });
});
