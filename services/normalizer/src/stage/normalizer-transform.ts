import { perRecord, type BatchTransform, type ConsumedRecord, type OutgoingRecord, type RecordOutcome, type TransformContext } from '@vigia/bus';
import {
  cloudEventHeaders,
  cloudEventTypeOf,
  decodeTopicValue,
  encodeTopicValue,
  schemaIdOf,
  type EventRecorded,
  type EventRevised,
} from '@vigia/schemas';
import { normalizeReport, type NormalizeOptions } from '../normalize-report.ts';
import type { EventState } from '../state/event-state.ts';
import { claimantOf, decideOwnedChange, ownershipHeaders } from '../state/ownership-decision.ts';

/** CloudEvents `source` of everything the normalizer produces. */
export const normalizerEventSource = '/vigia/normalizer';

export interface NormalizerTransformOptions {
  readonly state: EventState;
  /** Compiled once at stage creation (`compileNormalizeOptions`): the future-date tolerance. */
  readonly normalizeOptions?: NormalizeOptions;
  /** Physical name of `vigia.events.v1` (namespaced in replays). */
  readonly eventsTopic: string;
  /** Rebuilds a partition's state if it was not restored on assignment. */
  readonly ensureRestored: (partition: number) => Promise<void>;
  /** Told about every change produced, before its batch is committed. */
  readonly onChange?: (partition: number, change: EventRecorded | EventRevised) => void;
  /** Told when a batch's state changes are undone. */
  readonly onRollback?: (partition: number) => void;
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

/**
 * One raw record → one canonical change or one rejection (the loop sends
 * rejections to the DLQ with the original bytes): nothing is lost, nothing is
 * counted twice.
 */
export function normalizeRecord(record: ConsumedRecord, options: NormalizerTransformOptions): RecordOutcome {
  if (record.value === null) {
    return { reject: { reason: 'VALUE_MISSING', message: 'the raw record has no value (tombstone)' } };
  }
  const decoded = decodeTopicValue('vigia.events.raw.v1', record.value);
  if (!decoded.ok) {
    return { reject: { reason: decoded.reason, message: `not a raw report envelope: ${decoded.message}`, issues: decoded.issues } };
  }
  const normalized = normalizeReport(decoded.value, record.key, options.normalizeOptions);
  if (!normalized.ok) return { reject: { reason: normalized.reason, message: normalized.message, issues: normalized.issues } };
  const { event } = normalized;
  const { state } = options;
  const claimant = claimantOf(decoded.value, record.headers);
  const outcome = decideOwnedChange(state.get(record.partition, event.eventId), state.ownerOf(record.partition, event.eventId), event, claimant);
  if (outcome.kind === 'reject') return { reject: { reason: outcome.reason, message: outcome.message } };
  const output = changeRecord(options.eventsTopic, outcome.change, ownershipHeaders(outcome));
  state.set(record.partition, event, outcome.owner);
  options.onChange?.(record.partition, outcome.change);
  return { outputs: [output] };
}

/**
 * The batch transform of the normalizer stage and the hook that undoes a
 * batch whose commit aborted. A batch first makes sure its partition's state
 * is there, then journals what it changes.
 */
export function createNormalizerTransform(options: NormalizerTransformOptions): {
  readonly transform: BatchTransform;
  readonly onBatchAborted: (context: TransformContext) => void;
} {
  const each = perRecord((record) => normalizeRecord(record, options));
  const rollback = (partition: number) => {
    options.state.rollbackBatch(partition);
    options.onRollback?.(partition);
  };
  return {
    async transform(records, context) {
      await options.ensureRestored(context.partition);
      // The previous batch of the partition was committed (or the processor stopped): its changes are final.
      options.state.beginBatch(context.partition);
      try {
        return await each(records, context);
      } catch (error) {
        // The loop may run the batch again after a retriable failure: it must meet the state as it was.
        rollback(context.partition);
        throw error;
      }
    },
    onBatchAborted: (context) => rollback(context.partition),
  };
}
