/**
 * The stateful-stage scaffold on both adapters: state restored from the
 * stage's own compacted topic, begin / committed / aborted around each batch,
 * counters only after commit, every record isolated.
 */
import { pino } from 'pino';
import { Counter, Registry } from 'prom-client';
import { describe, expect, inject, it } from 'vitest';
import { dlqRecordSchema } from '@vigia/schemas';
import { createEmbeddedBus } from '../embedded/index.ts';
import { temporaryDataDir } from '../embedded/testing/embedded-test-support.ts';
import { createKafkaBus } from '../kafka/index.ts';
import type { Bus } from '../port.ts';
import { bytes, createTopic, eventuallyEqual, readUntil, text, uniqueName } from '../testing/test-helpers.ts';
import { rejectRecord } from '../transform.ts';
import { createStatefulStage, type StatefulStageDefinition } from './stateful-stage.ts';

const silent = pino({ level: 'silent' });
const fastRetry = { retries: 3, initialDelayMs: 5, maxDelayMs: 20, multiplier: 2, jitter: 0 };

const adapters = [
  {
    name: 'embedded',
    transactional: false,
    async opener(): Promise<() => Promise<Bus>> {
      const dataDir = await temporaryDataDir();
      return () => createEmbeddedBus({ dataDir, logger: silent, fsync: 'never' });
    },
  },
  {
    name: 'kafka',
    transactional: true,
    async opener(): Promise<() => Promise<Bus>> {
      const brokers = inject('kafkaBrokers');
      return async () => createKafkaBus({ brokers, clientId: 'vigia-test', heartbeatIntervalMs: 500, maxWaitTimeMs: 100 }, silent);
    },
  },
];

interface Tally {
  readonly counts: Map<string, number>;
}
interface Journal {
  readonly before: Map<string, number | undefined>;
}

/**
 * Counts records per key; the state topic holds the latest count per key.
 * `bad` is rejected, `bug` throws, `flaky` fails retriably once.
 */
function tallyStage(
  bus: Bus,
  topics: { output: string; state: string },
  seen: { aborted: number; committed: number; restored: number[] },
  committedRecords: Counter,
) {
  const flakyFailed = new Set<number>();
  const definition: StatefulStageDefinition<Tally, Journal> = {
    async restore(partition) {
      seen.restored.push(partition);
      const counts = new Map<string, number>();
      for await (const chunk of bus.readPartition(topics.state, partition)) {
        for (const record of chunk) if (record.key !== null) counts.set(record.key, Number(text(record.value)));
      }
      return { counts };
    },
    begin: () => ({ before: new Map() }),
    process(record, batch) {
      const value = text(record.value) ?? '';
      const key = record.key ?? '';
      if (value === 'bad') return rejectRecord('SCHEMA_INVALID', 'value must not be "bad"');
      if (value === 'bug') throw new TypeError('cannot read properties of undefined');
      if (value === 'flaky' && !flakyFailed.has(record.offset)) {
        flakyFailed.add(record.offset);
        throw Object.assign(new Error('coordinator moved'), { retriable: true });
      }
      const count = (batch.state.counts.get(key) ?? 0) + 1;
      if (!batch.scratch.before.has(key)) batch.scratch.before.set(key, batch.state.counts.get(key));
      batch.state.counts.set(key, count);
      batch.count(committedRecords, { kind: 'counted' });
      return {
        outputs: [
          { topic: topics.output, key, value: bytes(`${key}=${count}`) },
          { topic: topics.state, key, value: bytes(String(count)), partition: record.partition },
        ],
      };
    },
    committed: () => {
      seen.committed += 1;
    },
    aborted(batch) {
      seen.aborted += 1;
      for (const [key, previous] of batch.scratch.before) {
        if (previous === undefined) batch.state.counts.delete(key);
        else batch.state.counts.set(key, previous);
      }
    },
  };
  return definition;
}

describe.each(adapters)('stateful stage on the $name bus', (adapter) => {
  async function setUp() {
    const open = await adapter.opener();
    const bus = await open();
    const [input, output, state, dlq] = await Promise.all(['in', 'out', 'state', 'dlq'].map((prefix) => createTopic(bus, { prefix, partitions: 2 })));
    const groupId = uniqueName('tally');
    const options = {
      name: 'tally',
      groupId,
      inputTopics: [input!],
      dlqTopic: dlq!,
      logger: silent,
      retry: fastRetry,
      ...(adapter.transactional ? { transactionalId: uniqueName('tally-tx') } : {}),
    };
    return { open, bus, input: input!, output: output!, state: state!, dlq: dlq!, options };
  }

  it('isolates every record, counts after commit, and restores its state after a restart', async () => {
    const { open, bus, input, output, state, dlq, options } = await setUp();
    const registry = new Registry();
    const counted = new Counter({ name: 'tally_counted_total', help: 'test', labelNames: ['kind'], registers: [registry] });
    const seen = { aborted: 0, committed: 0, restored: [] as number[] };
    const values = ['a', 'bad', 'b', 'bug', 'flaky', 'c'];
    await bus.produce(values.map((value) => ({ topic: input, key: 'k', value: bytes(value), partition: 0 })));
    const stage = createStatefulStage(bus, { ...options, metrics: registry, definition: tallyStage(bus, { output, state }, seen, counted) });
    await stage.start();

    const outputs = await readUntil(bus, output, (rs) => rs.length >= 4, { label: 'outputs' });
    const dlqRecords = await readUntil(bus, dlq, (rs) => rs.length >= 2, { label: 'DLQ records' });
    await eventuallyEqual(async () => (await bus.admin.groupOffsets(options.groupId, input)).find((p) => p.partition === 0)?.offset, values.length, {
      label: 'every input committed',
    });
    await stage.stop();

    // The flaky record's first attempt aborted the batch, which was undone and run again: each key counted once.
    expect(outputs.map((r) => text(r.value))).toEqual(['k=1', 'k=2', 'k=3', 'k=4']);
    expect(seen.aborted).toBeGreaterThanOrEqual(1);
    expect(seen.committed).toBeGreaterThanOrEqual(1);
    const reasons = dlqRecords.map((r) => dlqRecordSchema.parse(JSON.parse(text(r.value) ?? '')).reason).sort();
    expect(reasons).toEqual(['PROCESSING_FAILED', 'SCHEMA_INVALID']);
    const exposition = await registry.metrics();
    expect(exposition).toContain('tally_counted_total{kind="counted"} 4');
    expect(exposition).toContain('vigia_stage_records_in_total{stage="tally"} 6');
    expect(exposition).toContain('vigia_stage_records_out_total{stage="tally"} 8');
    expect(exposition).toContain('vigia_stage_records_rejected_total{stage="tally",reason="PROCESSING_FAILED"} 1');
    expect(exposition).toMatch(/vigia_stage_restore_duration_seconds_count\{stage="tally"\} [1-9]/);
    expect(exposition).toMatch(/vigia_stage_batch_duration_seconds_count\{stage="tally"\} [1-9]/);
    await bus.close();

    // A new instance rebuilds the count from the state topic, not from the input.
    const reopened = await open();
    await reopened.produce([{ topic: input, key: 'k', value: bytes('d'), partition: 0 }]);
    const again = { aborted: 0, committed: 0, restored: [] as number[] };
    const restarted = createStatefulStage(reopened, { ...options, definition: tallyStage(reopened, { output, state }, again, counted) });
    await restarted.start();
    const all = await readUntil(reopened, output, (rs) => rs.length >= 5, { label: 'output after restart' });
    await restarted.stop();
    expect(text(all.at(-1)?.value ?? null)).toBe('k=5');
    expect(again.restored).toContain(0);
    expect(restarted.states.size).toBe(0);
  });

  it('calls aborted, not committed, when the commit fails, and publishes no counts for the batch', async () => {
    const { bus, input, state, options } = await setUp();
    const registry = new Registry();
    const counted = new Counter({ name: 'tally_counted_total', help: 'test', labelNames: ['kind'], registers: [registry] });
    const seen = { aborted: 0, committed: 0, restored: [] as number[] };
    await bus.produce([{ topic: input, key: 'k', value: bytes('a'), partition: 0 }]);
    const missingOutput = uniqueName('missing');
    const stage = createStatefulStage(bus, {
      ...options,
      retry: { ...fastRetry, retries: 0 },
      metrics: registry,
      definition: tallyStage(bus, { output: missingOutput, state }, seen, counted),
    });
    await stage.start();
    await expect(stage.done).rejects.toMatchObject({ code: expect.stringMatching(/VIGIA_BUS_(UNKNOWN_TOPIC|RETRIES_EXHAUSTED)/) });

    expect(seen).toMatchObject({ aborted: 1, committed: 0 });
    expect(stage.states.get(0)?.counts.get('k')).toBeUndefined();
    const exposition = await registry.metrics();
    expect(exposition).not.toMatch(/tally_counted_total\{kind="counted"\} [1-9]/);
    expect(exposition).toContain('vigia_stage_records_in_total{stage="tally"} 0');
  });
});
