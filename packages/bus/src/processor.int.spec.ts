/**
 * The one processing loop, on both adapters: outputs and DLQ records are
 * committed with the consumer position, bad records never stop a stage, and a
 * restarted stage neither loses nor repeats work.
 */
import { pino } from 'pino';
import { describe, expect, inject, it } from 'vitest';
import { dlqRecordSchema } from '@vigia/schemas';
import { createEmbeddedBus } from './embedded/index.ts';
import { temporaryDataDir } from './embedded/testing/embedded-test-support.ts';
import { createKafkaBus } from './kafka/index.ts';
import type { Bus, ConsumedRecord } from './port.ts';
import { createProcessor, type ProcessorOptions } from './processor.ts';
import { bytes, createTopic, eventuallyEqual, readUntil, text, uniqueName } from './testing/test-helpers.ts';
import { perRecord, RecordRejectedError, type RecordTransform } from './transform.ts';

const silent = pino({ level: 'silent' });
const fastRetry = { retries: 3, initialDelayMs: 5, maxDelayMs: 20, multiplier: 2, jitter: 0 };

interface Adapter {
  readonly name: string;
  /** Opens buses that share storage (or a cluster) within one test. */
  opener(): Promise<() => Promise<Bus>>;
  readonly transactional: boolean;
}

const adapters: Adapter[] = [
  {
    name: 'embedded',
    transactional: false,
    async opener() {
      const dataDir = await temporaryDataDir();
      return () => createEmbeddedBus({ dataDir, logger: silent, fsync: 'never' });
    },
  },
  {
    name: 'kafka',
    transactional: true,
    async opener() {
      const brokers = inject('kafkaBrokers');
      return async () => createKafkaBus({ brokers, clientId: 'vigia-test', heartbeatIntervalMs: 500, maxWaitTimeMs: 100 }, silent);
    },
  },
];

/** Upper-cases text; rejects `bad`; crashes on `bug`; fails transiently once on `flaky`. */
function shoutTransform(output: string): RecordTransform {
  const flakyFailures = new Set<number>();
  return (record: ConsumedRecord) => {
    const value = text(record.value) ?? '';
    if (value === 'bad') throw new RecordRejectedError('SCHEMA_INVALID', 'value must not be "bad"', [{ path: 'value', message: 'bad' }]);
    if (value === 'bug') throw new TypeError('cannot read properties of undefined');
    if (value === 'flaky' && !flakyFailures.has(record.offset)) {
      flakyFailures.add(record.offset);
      throw Object.assign(new Error('coordinator moved'), { retriable: true });
    }
    return { outputs: [{ topic: output, key: record.key, value: bytes(value.toUpperCase()) }] };
  };
}

describe.each(adapters)('processor on the $name bus', (adapter) => {
  async function setUp() {
    const open = await adapter.opener();
    const bus = await open();
    const [input, output, dlq] = await Promise.all(['in', 'out', 'dlq'].map((prefix) => createTopic(bus, { prefix, partitions: 2 })));
    const base = (): ProcessorOptions => ({
      name: 'shout',
      groupId: uniqueName('shout'),
      inputTopics: [input!],
      dlqTopic: dlq!,
      logger: silent,
      retry: fastRetry,
      transform: perRecord(shoutTransform(output!)),
      ...(adapter.transactional ? { transactionalId: uniqueName('shout-tx') } : {}),
    });
    return { open, bus, input: input!, output: output!, dlq: dlq!, base };
  }

  it('commits outputs and DLQ records for every input: accepted = output + DLQ', async () => {
    const { bus, input, output, dlq, base } = await setUp();
    const values = ['a', 'bad', 'b', 'bug', 'flaky', 'c'];
    await bus.produce(values.map((value, i) => ({ topic: input, key: `k${i}`, value: bytes(value), headers: { origin: 'test' } })));
    const rejected: string[] = [];
    const options = base();
    const processor = createProcessor(bus, { ...options, metrics: { recordRejected: (reason) => rejected.push(reason) } });
    await processor.start();

    const outputs = await readUntil(bus, output, (rs) => rs.length >= 4, { label: 'outputs' });
    const dlqRecords = await readUntil(bus, dlq, (rs) => rs.length >= 2, { label: 'DLQ records' });
    await processor.stop();

    expect(outputs.map((r) => text(r.value)).sort()).toEqual(['A', 'B', 'C', 'FLAKY']);
    const rejections = dlqRecords.map((r) => dlqRecordSchema.parse(JSON.parse(text(r.value) ?? '')));
    expect(rejections.map((r) => r.reason).sort()).toEqual(['PROCESSING_FAILED', 'SCHEMA_INVALID']);
    expect(rejected.sort()).toEqual(['PROCESSING_FAILED', 'SCHEMA_INVALID']);
    const schemaInvalid = rejections.find((r) => r.reason === 'SCHEMA_INVALID')!;
    expect(schemaInvalid).toMatchObject({ stage: 'shout', issues: [{ path: 'value', message: 'bad' }] });
    expect(schemaInvalid.payload?.utf8Preview).toBe('bad');
    expect(schemaInvalid.source).toMatchObject({ topic: input, key: 'k1' });
    expect(rejections.find((r) => r.reason === 'PROCESSING_FAILED')?.message).toContain('TypeError');
    expect(dlqRecords[0]?.headers).toMatchObject({ ce_type: 'pe.vigia.record.rejected.v1', ce_specversion: '1.0' });

    const committedTotal = async () => (await bus.admin.groupOffsets(options.groupId, input)).reduce((sum, p) => sum + p.offset, 0);
    await eventuallyEqual(committedTotal, values.length, { label: 'every input record committed' });
  });

  it('resumes after a restart from the last commit, neither losing nor repeating records', async () => {
    const { open, bus, input, output, base } = await setUp();
    const options = base();
    await bus.produce(['a', 'b', 'c'].map((value, i) => ({ topic: input, key: `k${i}`, value: bytes(value) })));
    const first = createProcessor(bus, options);
    await first.start();
    await readUntil(bus, output, (rs) => rs.length >= 3, { label: 'first outputs' });
    await first.stop();
    await first.stop(); // idempotent
    expect(first.state).toBe('stopped');
    await bus.close();

    const restarted = await open();
    await restarted.produce(['d', 'e'].map((value, i) => ({ topic: input, key: `k${i}`, value: bytes(value) })));
    const second = createProcessor(restarted, options);
    await second.start();
    const all = await readUntil(restarted, output, (rs) => rs.length >= 5, { label: 'all outputs' });
    await second.stop();
    expect(all.map((r) => text(r.value)).sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('fails without committing when a batch transform throws, so the records are delivered again', async () => {
    const { open, bus, input, output, base } = await setUp();
    const options = base();
    await bus.produce([{ topic: input, key: 'k', value: bytes('x'), partition: 0 }]);
    const broken = createProcessor(bus, {
      ...options,
      transform: () => {
        throw new Error('state store corrupted');
      },
    });
    await broken.start();
    await expect(broken.done).rejects.toThrow('state store corrupted');
    expect(broken.state).toBe('failed');
    await bus.close();

    const restarted = await open();
    const healthy = createProcessor(restarted, options);
    await healthy.start();
    const outputs = await readUntil(restarted, output, (rs) => rs.length >= 1, { label: 'redelivered output' });
    await healthy.stop();
    expect(outputs.map((r) => text(r.value))).toEqual(['X']);
  });
});
