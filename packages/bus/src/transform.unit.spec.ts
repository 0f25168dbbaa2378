import { describe, expect, it } from 'vitest';
import type { ConsumedRecord } from './port.ts';
import { perRecord, processingFailedReason, RecordRejectedError } from './transform.ts';

const record = (offset: number, value: string): ConsumedRecord => ({
  topic: 'in',
  partition: 0,
  offset,
  key: `k${offset}`,
  value: new TextEncoder().encode(value),
  headers: {},
  timestampMs: 0,
});
const text = (r: ConsumedRecord) => new TextDecoder().decode(r.value ?? new Uint8Array());
const where = { topic: 'in', partition: 0 };

describe('perRecord', () => {
  const upperCase = perRecord((r) => {
    const value = text(r);
    if (value === 'bad') throw new RecordRejectedError('SCHEMA_INVALID', 'value is bad', [{ path: 'value', message: 'bad' }]);
    if (value === 'bug') throw new TypeError('cannot read properties of undefined');
    if (value === 'flaky') throw Object.assign(new Error('leader moved'), { retriable: true });
    return { outputs: [{ topic: 'out', key: r.key, value: new TextEncoder().encode(value.toUpperCase()) }] };
  });

  it('maps every good record to its outputs, in order', async () => {
    const result = await upperCase([record(0, 'a'), record(1, 'b')], where);
    expect(result.outputs.map((o) => new TextDecoder().decode(o.value ?? undefined))).toEqual(['A', 'B']);
    expect(result.rejections).toEqual([]);
  });

  it('rejects a record with the reason and issues its transform gave', async () => {
    const result = await upperCase([record(0, 'a'), record(1, 'bad'), record(2, 'c')], where);
    expect(result.outputs).toHaveLength(2);
    expect(result.rejections).toEqual([
      { record: record(1, 'bad'), reason: 'SCHEMA_INVALID', message: 'value is bad', issues: [{ path: 'value', message: 'bad' }] },
    ]);
  });

  it('isolates a poison pill instead of failing the batch', async () => {
    const result = await upperCase([record(0, 'bug'), record(1, 'ok')], where);
    expect(result.outputs).toHaveLength(1);
    expect(result.rejections[0]?.reason).toBe(processingFailedReason);
    expect(result.rejections[0]?.message).toContain('TypeError: cannot read properties of undefined');
  });

  it('lets retriable errors through so the whole batch is retried', async () => {
    await expect(upperCase([record(0, 'a'), record(1, 'flaky')], where)).rejects.toThrow('leader moved');
  });
});
