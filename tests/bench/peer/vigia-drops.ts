/**
 * How many region contributions Vigía's aggregator ignored as behind its
 * retention horizon, counted from its public repartition topic
 * (`vigia.contributions.v1`) because the aggregator publishes no counter for it.
 *
 * Vigía drops at two places, by the rules `@vigia/indicators` documents today:
 * - the fan-out's change ledger (per `vigia.events.v1` partition, stream day =
 *   the latest event day seen) admits no event dated at or before stream day −
 *   retention: such an event has no contribution at all, so those drops are the
 *   region contributions the input should have produced (`expected`, computed
 *   by the caller with the gazetteer) minus those on the topic;
 * - the aggregate stage (per contributions partition) ignores a contribution
 *   dated at or before watermark − retention, the watermark being the latest
 *   watermark record the partition has read: replayed here from the topic in
 *   offset order. The stage moves its watermark once per batch, at the end,
 *   so this replay (which moves it at each record) counts at most a few more.
 *
 * The aggregator publishes no drop counter yet; when it does, read it instead.
 */
import type { Bus } from '@vigia/bus';
import { decodeTopicValue } from '@vigia/schemas';

const dayMs = 86_400_000;

export interface VigiaDrops {
  /** Region contributions the input asks for (one per event and target region). */
  readonly expected: number;
  /** Not emitted by the fan-out (the event was behind its partition's horizon). */
  readonly droppedByFanOut: number;
  /** Emitted, then ignored by the aggregate stage. */
  readonly droppedByAggregate: number;
}

export async function countVigiaDrops(bus: Bus, contributionsTopic: string, retentionDays: number, expected: number): Promise<VigiaDrops> {
  let emitted = 0;
  let droppedByAggregate = 0;
  for (const { partition } of await bus.admin.endOffsets(contributionsTopic)) {
    let streamDay = Number.NEGATIVE_INFINITY;
    for await (const records of bus.readPartition(contributionsTopic, partition)) {
      for (const record of records) {
        if (record.value === null) continue;
        const decoded = decodeTopicValue('vigia.contributions.v1', record.value);
        if (!decoded.ok) throw new Error(`undecodable contribution at ${partition}:${record.offset}: ${decoded.message}`);
        const day = Date.parse(`${decoded.value.day}T00:00:00Z`) / dayMs;
        if (decoded.value.type === 'watermark.advanced') {
          streamDay = Math.max(streamDay, day);
          continue;
        }
        emitted += 1;
        if (day <= streamDay - retentionDays) droppedByAggregate += 1;
      }
    }
  }
  if (emitted > expected) throw new Error(`the contributions topic holds ${emitted} contributions, more than the ${expected} the input asks for`);
  return { expected, droppedByFanOut: expected - emitted, droppedByAggregate };
}
