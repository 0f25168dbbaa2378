import type { ConsumedRecord } from '@vigia/bus';
import { decodeTopicValue, encodeJson, readCloudEventHeaders } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { EventState } from '../state/event-state.ts';
import { massKilling } from '../testing/mixed-batch.ts';
import { createNormalizerTransform } from './normalizer-transform.ts';

const context = { topic: 'vigia.events.raw.v1', partition: 0 };
let offset = 0;

function record(value: Uint8Array | null, key = 'vizcatan-2023-05'): ConsumedRecord {
  return { ...context, offset: offset++, key, value, headers: {}, timestampMs: 0 };
}

function setup() {
  const state = new EventState();
  const restored: number[] = [];
  const { transform, onBatchAborted } = createNormalizerTransform({
    state,
    eventsTopic: 'vigia.events.v1',
    ensureRestored: async (partition) => {
      if (state.has(partition)) return;
      restored.push(partition);
      state.install(partition, new Map());
    },
  });
  return { state, restored, transform, onBatchAborted };
}

const summary = (result: Awaited<ReturnType<ReturnType<typeof setup>['transform']>>) => [
  ...result.outputs.map((output) => {
    const decoded = decodeTopicValue('vigia.events.v1', output.value!);
    return decoded.ok ? decoded.value.type : decoded.reason;
  }),
  ...result.rejections.map((rejection) => rejection.reason),
];

describe('the normalizer transform', () => {
  it('restores a partition before its first batch, then records, revises and rejects', async () => {
    const { restored, transform } = setup();
    const result = await transform(
      [record(encodeJson(massKilling(1, 14))), record(encodeJson(massKilling(2, 16))), record(encodeJson(massKilling(2, 16))), record(null)],
      context,
    );
    expect(restored).toEqual([0]);
    expect(summary(result)).toEqual(['event.recorded', 'event.revised', 'DUPLICATE_REPORT', 'VALUE_MISSING']);
    const headers = readCloudEventHeaders(result.outputs[1]!.headers!);
    expect(headers).toMatchObject({
      ok: true,
      attributes: { id: 'vizcatan-2023-05@2', type: 'pe.vigia.event.revised.v1', source: '/vigia/normalizer', subject: 'vizcatan-2023-05' },
    });
    expect(result.outputs.map((output) => output.key)).toEqual(['vizcatan-2023-05', 'vizcatan-2023-05']);
  });

  it('undoes an aborted batch, so its records give the same changes when delivered again', async () => {
    const { state, transform, onBatchAborted } = setup();
    await transform([record(encodeJson(massKilling(1, 14)))], context);
    const batch = [record(encodeJson(massKilling(2, 16))), record(encodeJson(massKilling(3, 18)))];
    const first = await transform(batch, context);
    onBatchAborted(context);
    expect(state.get(0, 'vizcatan-2023-05')?.revision).toBe(1);
    const again = await transform(batch, context);
    expect(summary(again)).toEqual(summary(first));
    expect(summary(again)).toEqual(['event.revised', 'event.revised']);
  });

  it('undoes only the aborted batch, never the committed ones before it', async () => {
    const { state, transform, onBatchAborted } = setup();
    await transform([record(encodeJson(massKilling(1, 14)))], context);
    await transform([record(encodeJson(massKilling(2, 16)))], context);
    await transform([record(encodeJson(massKilling(3, 18)))], context);
    onBatchAborted(context);
    expect(state.get(0, 'vizcatan-2023-05')?.revision).toBe(2);
  });
});
