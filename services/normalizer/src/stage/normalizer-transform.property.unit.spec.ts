import type { ConsumedRecord } from '@vigia/bus';
import { decodeTopicValue, encodeJson, isDlqReasonCode, type RawReport } from '@vigia/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acledColumns } from '../mapping/acled-report.ts';
import { csvColumns } from '../mapping/csv-report.ts';
import { EventState } from '../state/event-state.ts';
import { ambushReport, csvEnvelope, jsonEnvelope, seizureReport } from '../testing/raw-reports.ts';
import { changeRecord, normalizeRecord, stateRecord } from './normalizer-transform.ts';

// "No input can crash a service": whatever a publisher sends, the normalizer
// answers with exactly one canonical change or one rejection with a DLQ reason.

const eventsTopic = 'vigia.events.v1';

function recordOf(value: Uint8Array | null, key: string | null): ConsumedRecord {
  return { topic: 'vigia.events.raw.v1', partition: 0, offset: 0, key, value, headers: {}, timestampMs: 0 };
}

function checkOutcome(value: Uint8Array | null, key: string | null, state = new EventState()): void {
  const normalized = normalizeRecord(recordOf(value, key), state);
  if ('outcome' in normalized) {
    const { outcome } = normalized;
    expect('reject' in outcome).toBe(true);
    if (!('reject' in outcome)) return;
    expect(isDlqReasonCode(outcome.reject.reason), outcome.reject.reason).toBe(true);
    // PROCESSING_FAILED means a bug of ours, never a verdict on the input.
    expect(outcome.reject.reason).not.toBe('PROCESSING_FAILED');
    return;
  }
  expect(decodeTopicValue('vigia.events.v1', changeRecord(eventsTopic, normalized.change).value!).ok).toBe(true);
  expect(decodeTopicValue('vigia.normalizer.state.v1', stateRecord('vigia.normalizer.state.v1', 0, normalized.entry).value!).ok).toBe(true);
}

const envelope = (report: RawReport) => encodeJson(report);
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
  'latitude',
  'longitude',
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
  'placeName',
  '__proto__',
  'constructor',
];
const words = fc.constantFrom(
  'incident',
  'seizure',
  'cultivation-survey',
  'VRAEM',
  'Santa Rosa',
  'Llochegua',
  '050408',
  'kg',
  '30 arrobas',
  '14/03/2024',
  '2024',
  'cocaina',
  'kerosene',
  'S/ 100',
  '$',
  '1,500',
  '-1',
  'emboscada',
  'Huanta',
  'zone:vraem',
  'PE',
  '',
);
const lenientValue = fc.oneof(words, fc.jsonValue({ maxDepth: 3 }));

describe('the normalizer never crashes', () => {
  it('on arbitrary bytes, arbitrary JSON and arbitrary envelopes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.jsonValue().map((value) => encodeJson(value)),
        ),
        fc.option(fc.string()),
        (bytes, key) => {
          checkOutcome(bytes, key);
        },
      ),
    );
    checkOutcome(null, 'k');
  });

  it('on arbitrary JSON reports', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => checkOutcome(envelope(jsonEnvelope(value)), 'k')));
  });

  it('on reports with our field names and arbitrary values', () => {
    const report = fc.dictionary(fc.constantFrom(...fieldNames), lenientValue, { maxKeys: 12 });
    const base = fc.constantFrom(ambushReport(), seizureReport(), {});
    fc.assert(
      fc.property(base, report, (start, overrides) => {
        const value = { ...start, ...overrides };
        const key = typeof value.eventId === 'string' ? value.eventId : 'k';
        checkOutcome(envelope(jsonEnvelope(value)), key);
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary CSV rows, of our columns and of ACLED exports', () => {
    const cell = fc.oneof(words, fc.string({ maxLength: 30 }));
    const row = (columns: readonly string[]) => fc.dictionary(fc.oneof(fc.constantFrom(...columns), fc.string({ maxLength: 12 })), cell, { maxKeys: 20 });
    fc.assert(
      fc.property(
        fc.oneof(
          row(csvColumns).map((r) => csvEnvelope(r, 'csv')),
          row(acledColumns).map((r) => csvEnvelope(r, 'acled-csv')),
        ),
        (report) => {
          const columns = report.record.kind === 'csv-row' ? report.record.columns : {};
          checkOutcome(envelope(report), columns.event_id ?? columns.event_id_cnty ?? 'k');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('on a valid report resent with arbitrary revisions: one change or one rejection each', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }), (revisions) => {
        const state = new EventState();
        for (const revision of revisions) checkOutcome(envelope(jsonEnvelope(ambushReport({ revision }))), 'ce-vraem-2024-045', state);
      }),
    );
  });
});
