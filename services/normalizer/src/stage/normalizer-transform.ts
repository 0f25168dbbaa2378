import { rejectRecord, type ConsumedRecord, type OutgoingRecord, type RecordOutcome, type StageCounter, type StatefulStageDefinition } from '@vigia/bus';
import {
  cloudEventHeaders,
  cloudEventTypeOf,
  contentEventId,
  decodeTopicValue,
  encodeTopicValue,
  schemaIdOf,
  type EventChangeType,
  type EventRecorded,
  type EventRevised,
} from '@vigia/schemas';
import { normalizeReport, type NormalizeOptions } from '../normalize-report.ts';
import type { EventEntry, EventState } from '../state/event-state.ts';
import { claimantOf, decideOwnedChange, ownershipHeaders, type Override } from '../state/ownership-decision.ts';

/** CloudEvents `source` of everything the normalizer produces. */
export const normalizerEventSource = '/vigia/normalizer';

export interface NormalizerTopics {
  /** Physical name of `vigia.events.v1` (namespaced in replays). */
  readonly events: string;
  /** Physical name of `vigia.normalizer.state.v1`. */
  readonly state: string;
}

/** The record of a change on `vigia.events.v1`, keyed by event id, with its CloudEvents headers (and `extraHeaders`). */
export function changeRecord(eventsTopic: string, change: EventRecorded | EventRevised, extraHeaders: Record<string, string> = {}): OutgoingRecord {
  const event = change.type === 'event.recorded' ? change.event : change.current;
  return {
    topic: eventsTopic,
    key: event.eventId,
    value: encodeTopicValue('vigia.events.v1', change),
    headers: {
      ...cloudEventHeaders({
        // Stable per accepted revision, so a consumer that sees it twice can tell.
        id: `${event.eventId}@${event.revision}`,
        source: normalizerEventSource,
        type: cloudEventTypeOf(eventsTopic, change.type),
        time: event.reportedAt,
        subject: event.eventId,
        dataschema: schemaIdOf('vigia.events.v1'),
      }),
      ...extraHeaders,
    },
  };
}

/** An event's entry (latest version and owner) on the state topic, on the raw record's partition (the key's own). */
export function stateRecord(stateTopic: string, partition: number, entry: EventEntry): OutgoingRecord {
  const { event } = entry;
  const value = encodeTopicValue('vigia.normalizer.state.v1', {
    type: 'event.latest',
    event,
    ...(entry.owner === undefined ? {} : { owner: entry.owner }),
  });
  return {
    topic: stateTopic,
    key: event.eventId,
    partition,
    value,
    headers: cloudEventHeaders({
      // Apart from the change's `eventId@revision`; the digest keeps two payloads from ever sharing an id.
      id: contentEventId(`${event.eventId}@${event.revision}:state`, value),
      source: normalizerEventSource,
      type: cloudEventTypeOf(stateTopic, 'event.latest'),
      time: event.reportedAt,
      subject: event.eventId,
      dataschema: schemaIdOf('vigia.normalizer.state.v1'),
    }),
  };
}

/** What one raw record became: a canonical change (already recorded in `state`) with its ownership, or a rejection. */
export type NormalizedRecord =
  | {
      readonly change: EventRecorded | EventRevised;
      /** The event's entry in `state` after the change. */
      readonly entry: EventEntry;
      /** The owner after the change: the first publisher of the id. */
      readonly owner: string;
      readonly override?: Override;
    }
  | { readonly outcome: RecordOutcome };

/**
 * One raw record → one canonical change or one rejection (the loop sends
 * rejections to the DLQ with the original bytes): nothing is lost, nothing is
 * counted twice. Who may change the event is decided from the owner kept in
 * `state` (issue 13). The state changes last, once nothing can fail.
 */
export function normalizeRecord(record: ConsumedRecord, state: EventState, normalizeOptions?: NormalizeOptions): NormalizedRecord {
  if (record.value === null) return { outcome: rejectRecord('VALUE_MISSING', 'the raw record has no value (tombstone)') };
  const decoded = decodeTopicValue('vigia.events.raw.v1', record.value);
  if (!decoded.ok) return { outcome: rejectRecord(decoded.reason, `not a raw report envelope: ${decoded.message}`, decoded.issues) };
  const normalized = normalizeReport(decoded.value, record.key, normalizeOptions);
  if (!normalized.ok) return { outcome: rejectRecord(normalized.reason, normalized.message, normalized.issues) };
  const { event } = normalized;
  const claimant = claimantOf(decoded.value, record.headers);
  const decision = decideOwnedChange(state.get(event.eventId), state.ownerOf(event.eventId), event, claimant);
  if (decision.kind === 'reject') return { outcome: rejectRecord(decision.reason, decision.message) };
  const entry = state.set(event, decision.owner);
  return { ...decision, entry };
}

/**
 * The normalizer's domain logic on the stateful-stage scaffold: per raw
 * partition, the latest version of each event and its owner; each accepted
 * report becomes a change on `vigia.events.v1` (ownership in its headers) and
 * the event's new entry on the state topic, in the same commit.
 */
export function normalizerDefinition(options: {
  readonly topics: NormalizerTopics;
  readonly restore: (partition: number) => Promise<EventState>;
  /** Compiled once at stage creation (`compileNormalizeOptions`): the future-date tolerance. */
  readonly normalizeOptions?: NormalizeOptions;
  /** Changes committed to `vigia.events.v1`, by change type. */
  readonly published?: StageCounter<'change'>;
}): StatefulStageDefinition<EventState> {
  const { topics, published, normalizeOptions } = options;
  return {
    restore: options.restore,
    begin: (state) => {
      state.beginBatch();
      return undefined;
    },
    process(record, batch) {
      const normalized = normalizeRecord(record, batch.state, normalizeOptions);
      if ('outcome' in normalized) return normalized.outcome;
      if (published !== undefined) batch.count(published, { change: normalized.change.type satisfies EventChangeType });
      return {
        outputs: [changeRecord(topics.events, normalized.change, ownershipHeaders(normalized)), stateRecord(topics.state, batch.partition, normalized.entry)],
      };
    },
    committed: (batch) => batch.state.commitBatch(),
    aborted: (batch) => {
      batch.state.rollbackBatch();
    },
  };
}
