import { describe, expect, it } from 'vitest';
import { topicExamples } from '../export/topic-examples.ts';
import { rawReportSchema, type RawReport } from './raw-report.ts';

const report = topicExamples['vigia.events.raw.v1'];

describe('raw report envelope', () => {
  it('accepts JSON records and CSV rows (a header → cell map)', () => {
    const csv: RawReport = {
      ...report,
      format: 'acled-csv',
      source: { channel: 'file', publisher: 'acled', fileName: 'acled-peru-2024.csv' },
      recordNumber: 17,
      record: { kind: 'csv-row', columns: { event_date: '14 March 2024', sub_event_type: 'Armed clash' } },
    };
    expect(rawReportSchema.parse(report)).toEqual(report);
    expect(rawReportSchema.parse(csv)).toEqual(csv);
  });

  it('keeps the format and the record kind consistent', () => {
    const result = rawReportSchema.safeParse({ ...report, format: 'csv' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['record', 'kind']);
  });

  it('never carries an API key, only its id (unknown fields are dropped)', () => {
    const leaked = { ...report, source: { ...report.source, apiKey: 's3cr3t' } };
    const parsed = rawReportSchema.parse(leaked);
    expect(JSON.stringify(parsed)).not.toContain('s3cr3t');
    expect(parsed.source.apiKeyId).toBe('key-dirandro-01');
  });

  it('accepts any JSON value as the submitted record', () => {
    for (const value of [null, 3, 'text', [1, { a: [] }], { nested: { deep: true } }]) {
      expect(rawReportSchema.safeParse({ ...report, record: { kind: 'json', value } }).success).toBe(true);
    }
  });

  it('numbers records from 1', () => {
    expect(rawReportSchema.safeParse({ ...report, recordNumber: 0 }).success).toBe(false);
  });
});
