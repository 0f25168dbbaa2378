import { runStageBatch, type ConsumedRecord, type OutgoingRecord } from '@vigia/bus';
import { createAggregationState, restoreState } from '@vigia/indicators';
import { decodeTopicValue, encodeTopicValue, watermarkKey, type ChangelogValue, type ContributionsTopicValue } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { pichari } from '../testing/event-changes.ts';
import { aggregateDefinition, type PartitionState } from './aggregate-transform.ts';

const changelog = { name: 'vigia.aggregator.changelog.v1', partitions: 12 };
const indicators = { name: 'vigia.indicators.v2', partitions: 12 };
const context = { topic: 'vigia.contributions.v1', partition: 7 };
const definition = aggregateDefinition({ changelog, indicators, restore: async () => ({ state: createAggregationState(), restoreTombstones: [] }) });

let offset = 0;
const record = (value: ContributionsTopicValue | null): ConsumedRecord => ({
  ...context,
  offset: offset++,
  key: value?.type === 'watermark.advanced' ? watermarkKey : pichari,
  value: value === null ? null : encodeTopicValue('vigia.contributions.v1', value),
  headers: {},
  timestampMs: 0,
});

const contribution = (day: string): ContributionsTopicValue => ({
  type: 'contribution.emitted',
  eventId: `e-${day}`,
  revision: 1,
  target: { code: pichari, level: 'district' },
  day,
  deltas: { 'incidents.count': 1 },
  eventCountDelta: 1,
});
const watermark = (day: string): ContributionsTopicValue => ({ type: 'watermark.advanced', day });

async function batchOf(owned: PartitionState, values: readonly (ContributionsTopicValue | null)[], end: 'committed' | 'aborted') {
  const run = await runStageBatch(definition, owned, values.map(record), end);
  const rejected = run.outcomes.flatMap((outcome) => ('reject' in outcome ? [outcome.reject.reason] : []));
  return { outputs: run.finished, rejected };
}

const changelogValues = (outputs: readonly OutgoingRecord[]) =>
  outputs
    .filter((output) => output.topic === changelog.name && output.value !== null)
    .map((output) => {
      const decoded = decodeTopicValue('vigia.aggregator.changelog.v1', output.value!);
      if (!decoded.ok) throw new Error(decoded.message);
      return { output, value: decoded.value as ChangelogValue };
    });

describe('the aggregate stage definition', () => {
  it('applies a batch of contributions and watermarks once, and writes the new watermark to its own changelog partition', async () => {
    const owned: PartitionState = { state: createAggregationState(), restoreTombstones: [] };
    const { outputs, rejected } = await batchOf(owned, [contribution('2024-03-01'), watermark('2024-03-01'), null, watermark('2024-03-02')], 'committed');
    expect(rejected).toEqual(['VALUE_MISSING']);
    const written = changelogValues(outputs);
    const marks = written.filter(({ value }) => value.type === 'watermark.advanced');
    expect(marks.map(({ output, value }) => ({ key: output.key, partition: output.partition, value }))).toEqual([
      { key: watermarkKey, partition: context.partition, value: { type: 'watermark.advanced', day: '2024-03-02' } },
    ]);
    expect(outputs.some((output) => output.topic === indicators.name)).toBe(true);
    // A restore from what the batch wrote resumes at the same "as of" day.
    expect(restoreState(written.map(({ value }) => value)).state.watermark).toBe(owned.state.watermark);
  });

  it('writes no watermark record when the watermark does not move, and undoes an aborted batch', async () => {
    const owned: PartitionState = { state: createAggregationState(), restoreTombstones: [] };
    await batchOf(owned, [watermark('2024-03-02')], 'committed');
    const before = owned.state.watermark;
    const { outputs } = await batchOf(owned, [contribution('2024-03-01'), watermark('2024-03-01')], 'committed');
    expect(changelogValues(outputs).filter(({ value }) => value.type === 'watermark.advanced')).toEqual([]);
    await batchOf(owned, [watermark('2024-04-01'), contribution('2024-04-01')], 'aborted');
    expect(owned.state.watermark).toBe(before);
  });
});
