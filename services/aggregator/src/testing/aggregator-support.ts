import type { Bus, OutgoingRecord } from '@vigia/bus';
import {
  applyBatch,
  createAggregationState,
  createChangeLedger,
  currentValues,
  fanOut,
  watermarkDayOf,
  type AggregateInput,
  type FanOutOptions,
  type TargetRegionsOf,
} from '@vigia/indicators';
import { decodeTopicValue, encodeTopicValue, indicatorKey, indicatorValuesOf, type EventChange, type IndicatorValue } from '@vigia/schemas';
import { eventIdOf } from './event-changes.ts';

/** Test support: producing changes, waiting on the groups, reading the indicators back, and the pure core's answer. */

/** Polls `probe` until `condition` holds; fails naming `label` and the last value after `timeoutMs`. */
export async function waitUntil<T>(
  probe: () => Promise<T>,
  condition: (value: T) => boolean,
  options: { readonly label: string; readonly timeoutMs?: number; readonly everyMs?: number; readonly failed?: () => Error | undefined },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const failure = options.failed?.();
    if (failure !== undefined) throw failure;
    const value = await probe();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.label}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 100));
  }
}

export function changeRecords(eventsTopic: string, changes: readonly EventChange[]): OutgoingRecord[] {
  return changes.map((change) => ({ topic: eventsTopic, key: eventIdOf(change), value: encodeTopicValue('vigia.events.v1', change) }));
}

/** Waits until `groupId` has committed every record of `topic` (its end offsets, read when called). */
export async function waitForGroup(
  bus: Bus,
  groupId: string,
  topic: string,
  options: { readonly timeoutMs?: number; readonly failed?: () => Error | undefined } = {},
): Promise<void> {
  const ends = (await bus.admin.endOffsets(topic)).filter((end) => end.offset > 0);
  await waitUntil(
    () => bus.admin.groupOffsets(groupId, topic),
    (committed) => ends.every((end) => (committed.find((c) => c.partition === end.partition)?.offset ?? -1) >= end.offset),
    { label: `group ${groupId} to commit every record of ${topic}`, everyMs: 200, ...options },
  );
}

/** Waits until both stages are done with everything produced so far: fan-out first, then the contributions it wrote. */
export async function waitForAggregator(
  bus: Bus,
  service: {
    readonly topics: { readonly events: string; readonly contributions: string };
    readonly groupIds: { readonly fanOut: string; readonly aggregate: string };
  },
  options: { readonly timeoutMs?: number; readonly failed?: () => Error | undefined } = {},
): Promise<void> {
  await waitForGroup(bus, service.groupIds.fanOut, service.topics.events, options);
  await waitForGroup(bus, service.groupIds.aggregate, service.topics.contributions, options);
}

/** The latest record per key of a compacted topic, tombstones included (`null`). */
export async function latestByKey(bus: Bus, topic: string): Promise<Map<string, Uint8Array | null>> {
  const latest = new Map<string, Uint8Array | null>();
  for (const { partition, offset } of await bus.admin.endOffsets(topic)) {
    if (offset === 0) continue;
    for await (const chunk of bus.readPartition(topic, partition)) for (const record of chunk) if (record.key !== null) latest.set(record.key, record.value);
  }
  return latest;
}

/** What must not depend on batching or crashes: `previousValue` and `correction` describe one update, not the value. */
export type IndicatorFacts = Pick<IndicatorValue, 'region' | 'level' | 'metric' | 'window' | 'asOf' | 'value' | 'contributingEvents' | 'source' | 'year'>;

export function factsOf(value: IndicatorValue): IndicatorFacts {
  const { region, level, metric, window, asOf, value: amount, contributingEvents, source, year } = value;
  return { region, level, metric, window, asOf, value: amount, contributingEvents, ...(source === undefined ? {} : { source, year }) };
}

/** The final indicators of `vigia.indicators.v2`, figure by figure: every figure of the latest record per series, tombstoned series ("no data") left out. */
export async function finalIndicators(bus: Bus, topic: string): Promise<Map<string, IndicatorFacts>> {
  const facts = new Map<string, IndicatorFacts>();
  for (const [key, bytes] of await latestByKey(bus, topic)) {
    if (bytes === null) continue;
    const decoded = decodeTopicValue('vigia.indicators.v2', bytes);
    if (!decoded.ok) throw new Error(`undecodable indicator ${key}: ${decoded.message}`);
    for (const value of indicatorValuesOf(decoded.value, { all: true })) facts.set(indicatorKey(value), factsOf(value));
  }
  return facts;
}

/**
 * The pure core's answer for a whole stream, with no Kafka, partitions or
 * batches: every change through one ledger and one state, then every figure
 * as of the final watermark. What the service publishes equals it for window
 * sums and survey figures; derived figures (change, baseline, z-score) of a
 * series the last watermark moves did not touch keep their earlier `asOf`,
 * so they equal it when the watermark reached its final day first (the
 * tests send anchor events on the last day first).
 */
export function expectedIndicators(changes: readonly EventChange[], targetRegions: TargetRegionsOf, fanOutOptions: FanOutOptions): Map<string, IndicatorFacts> {
  const ledger = createChangeLedger();
  const inputs: AggregateInput[] = [];
  for (const change of changes) {
    inputs.push(...fanOut(ledger, change, targetRegions, fanOutOptions));
    const day = watermarkDayOf(change);
    if (day !== undefined) inputs.push({ type: 'watermark.advanced', day });
  }
  const state = createAggregationState();
  applyBatch(state, inputs);
  return new Map(currentValues(state).map((value) => [indicatorKey(value), factsOf(value)]));
}
