import { runStageBatch, type ConsumedRecord, type RecordOutcome } from '@vigia/bus';
import { decodeTopicValue, encodeJson, readCloudEventHeaders } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { EventState } from '../state/event-state.ts';
import { massKilling } from '../testing/mixed-batch.ts';
import { normalizerDefinition } from './normalizer-transform.ts';

const context = { topic: 'vigia.events.raw.v1', partition: 3 };
let offset = 0;

function record(value: Uint8Array | null, key = 'vizcatan-2023-05'): ConsumedRecord {
  return { ...context, offset: offset++, key, value, headers: {}, timestampMs: 0 };
}

const definition = normalizerDefinition({
  topics: { events: 'vigia.events.v1', state: 'vigia.normalizer.state.v1' },
  restore: async () => new EventState(),
});

/** Runs one batch through the definition's hooks in the order the scaffold calls them. */
async function batchOf(state: EventState, records: readonly ConsumedRecord[], end: 'committed' | 'aborted'): Promise<readonly RecordOutcome[]> {
  return (await runStageBatch(definition, state, records, end, context)).outcomes;
}

/** What each record became: the change type and state record, or the DLQ reason. */
const summary = (outcomes: readonly RecordOutcome[]) =>
  outcomes.map((outcome) => {
    if ('reject' in outcome) return outcome.reject.reason;
    const [change, latest] = outcome.outputs;
    const decoded = decodeTopicValue('vigia.events.v1', change!.value!);
    const state = decodeTopicValue('vigia.normalizer.state.v1', latest!.value!);
    return `${decoded.ok ? decoded.value.type : decoded.reason} + ${state.ok ? `r${state.value.event.revision}@p${latest!.partition}` : state.reason}`;
  });

describe('the normalizer stage definition', () => {
  it('records, revises and rejects, writing each latest version to the state topic on the raw partition', async () => {
    const outcomes = await batchOf(
      new EventState(),
      [record(encodeJson(massKilling(1, 14))), record(encodeJson(massKilling(2, 16))), record(encodeJson(massKilling(2, 16))), record(null)],
      'committed',
    );
    expect(summary(outcomes)).toEqual(['event.recorded + r1@p3', 'event.revised + r2@p3', 'DUPLICATE_REPORT', 'VALUE_MISSING']);
    const revised = outcomes[1]!;
    if ('reject' in revised) throw new Error('expected outputs');
    expect(readCloudEventHeaders(revised.outputs[0]!.headers!)).toMatchObject({
      ok: true,
      attributes: { id: 'vizcatan-2023-05@2', type: 'pe.vigia.event.revised.v1', source: '/vigia/normalizer', subject: 'vizcatan-2023-05' },
    });
    expect(revised.outputs.map((output) => output.key)).toEqual(['vizcatan-2023-05', 'vizcatan-2023-05']);
  });

  it('undoes an aborted batch, so its records give the same changes when delivered again', async () => {
    const state = new EventState();
    await batchOf(state, [record(encodeJson(massKilling(1, 14)))], 'committed');
    const batch = [record(encodeJson(massKilling(2, 16))), record(encodeJson(massKilling(3, 18)))];
    const first = await batchOf(state, batch, 'aborted');
    expect(state.get('vizcatan-2023-05')?.revision).toBe(1);
    const again = await batchOf(state, batch, 'committed');
    expect(summary(again)).toEqual(summary(first));
    expect(summary(again)).toEqual(['event.revised + r2@p3', 'event.revised + r3@p3']);
  });

  it('undoes only the aborted batch, never the committed ones before it', async () => {
    const state = new EventState();
    await batchOf(state, [record(encodeJson(massKilling(1, 14)))], 'committed');
    await batchOf(state, [record(encodeJson(massKilling(2, 16)))], 'committed');
    await batchOf(state, [record(encodeJson(massKilling(3, 18)))], 'aborted');
    expect(state.get('vizcatan-2023-05')?.revision).toBe(2);
  });
});
