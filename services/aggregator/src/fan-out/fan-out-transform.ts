import { rejectRecord, type OutgoingRecord, type StageCounter, type StatefulStageDefinition } from '@vigia/bus';
import {
  abortTransaction,
  commitTransaction,
  dayNumberOf,
  fanOut,
  inTransaction,
  isoDayOf,
  startTransaction,
  watermarkDayOf,
  type ChangeLedger,
  type FanOutOptions,
  type TargetRegionsOf,
} from '@vigia/indicators';
import { decodeTopicValue, eventIdOfChange, type EventChange } from '@vigia/schemas';
import { contributionRecord, watermarkRecords, type TopicLayout } from '../output-records.ts';
import { ledgerEntryRecord, streamDayRecord } from './ledger-topic.ts';

export interface FanOutDefinitionOptions {
  readonly contributions: TopicLayout;
  /** Physical name of `vigia.aggregator.ledger.v1`. */
  readonly ledgerTopic: string;
  readonly targetRegions: TargetRegionsOf;
  readonly fanOutOptions: FanOutOptions;
  readonly restore: (partition: number) => Promise<ChangeLedger>;
  /** Contributions committed to `vigia.contributions.v1`. */
  readonly contributionsPublished?: StageCounter;
}

/** What a batch changed in the ledger, to be written to the ledger topic with the batch. */
interface LedgerChanges {
  /** Event ids whose entry the batch changed or its stream time evicted: each is written (or tombstoned) once. */
  readonly touched: Set<string>;
  readonly streamDayBefore: number | undefined;
}

/** When the change happened to the report: CloudEvents `time` of its contributions (never the wall clock). */
export function changeTime(change: EventChange): string {
  if (change.type === 'event.recorded') return change.event.reportedAt;
  if (change.type === 'event.revised') return change.current.reportedAt;
  return change.retractedAt;
}

/**
 * Adds to `into` the entries the ledger forgets when `change` moves its stream
 * day (`advanceLedger` evicts the expiry days after the old stream day up to
 * the new one). Read before the change is admitted, while the expiry index
 * still lists them; the cost follows the days moved and the entries evicted,
 * never the size of the ledger.
 */
function noteEvictions(ledger: ChangeLedger, change: EventChange, into: Set<string>): void {
  const day = watermarkDayOf(change);
  const from = ledger.streamDay;
  if (day === undefined || from === undefined) return;
  const to = dayNumberOf(day);
  if (to <= from) return;
  if (to - from <= ledger.expiring.size) {
    for (let expiry = from + 1; expiry <= to; expiry += 1) for (const eventId of ledger.expiring.get(expiry) ?? []) into.add(eventId);
    return;
  }
  for (const [expiry, eventIds] of ledger.expiring) if (expiry > from && expiry <= to) for (const eventId of eventIds) into.add(eventId);
}

/**
 * The fan-out's domain logic on the stateful-stage scaffold: one event change
 * → one contribution per target region and day, re-keyed by the region (the
 * repartition step), with duplicates and overtaken changes removed by the
 * partition's ledger; the ledger entries a batch changed (and those its
 * stream time evicted, as tombstones) go to the ledger topic in the same
 * commit, so a restore reads the ledger instead of every change ever made.
 *
 * The ledger's stream day is the latest daily event day its partition has
 * read (`watermarkDayOf`, surveys excluded): a batch that moves it also
 * broadcasts it as the watermark to every contributions partition, after its
 * contributions; the aggregate partitions take the latest mark they have seen
 * as their "as of" day. The ledger is restored as of the last committed
 * batch, so its stream day is the last mark broadcast.
 */
export function fanOutDefinition(options: FanOutDefinitionOptions): StatefulStageDefinition<ChangeLedger, LedgerChanges> {
  return {
    restore: options.restore,
    begin(ledger) {
      startTransaction(ledger);
      return { touched: new Set(), streamDayBefore: ledger.streamDay };
    },
    process(record, batch) {
      if (record.value === null) return rejectRecord('VALUE_MISSING', 'the event change has no value (tombstone)');
      const decoded = decodeTopicValue('vigia.events.v1', record.value);
      if (!decoded.ok) return rejectRecord(decoded.reason, `not an event change: ${decoded.message}`, decoded.issues);
      const change = decoded.value;
      // Before the ledger changes: a failure half-way still leaves its entries to be written.
      batch.scratch.touched.add(eventIdOfChange(change));
      noteEvictions(batch.state, change, batch.scratch.touched);
      const contributions = fanOut(batch.state, change, options.targetRegions, options.fanOutOptions);
      if (options.contributionsPublished !== undefined) batch.count(options.contributionsPublished, {}, contributions.length);
      const time = changeTime(change);
      return { outputs: contributions.map((contribution, index) => contributionRecord(options.contributions, contribution, index, time)) };
    },
    finish({ state: ledger, partition, scratch }) {
      const streamDay = ledger.streamDay;
      const outputs: OutgoingRecord[] = [];
      if (streamDay !== undefined && streamDay !== scratch.streamDayBefore) {
        outputs.push(...watermarkRecords(options.contributions, isoDayOf(streamDay), partition));
        outputs.push(streamDayRecord(options.ledgerTopic, partition, streamDay));
      }
      for (const eventId of scratch.touched) outputs.push(ledgerEntryRecord(options.ledgerTopic, partition, eventId, ledger.entries.get(eventId), streamDay));
      return outputs;
    },
    committed: ({ state }) => commitTransaction(state),
    aborted: ({ state }) => {
      if (inTransaction(state)) abortTransaction(state);
    },
  };
}
