import { partitionForKey, type OutgoingRecord } from '@vigia/bus';
import type { AlertEntry, StateChange, Transition } from '@vigia/rules';
import {
  alertStateKey,
  cloudEventHeaders,
  cloudEventTypeOf,
  encodeTopicValue,
  toAlertStateRecordOrNull,
} from './state-record.ts';

/** Headers the notifier reads: what changed and whether people are told (the alert record alone cannot say). */
export const alerterHeaders = {
  change: 'vigia-alert-change',
  notify: 'vigia-alert-notify',
  suppressedBy: 'vigia-alert-suppressed-by',
} as const;

export interface AlerterTopicNames {
  readonly alerts: string;
  readonly alertState: string;
  readonly jobs: string;
  readonly digests: string;
}

export const alerterSource = '/vigia/alerter';

/** One `vigia.alerts.v1` record per transition, keyed by fingerprint, in the order they happened. */
export function transitionRecord(topics: AlerterTopicNames, transition: Transition): OutgoingRecord {
  const { alert } = transition;
  return {
    topic: topics.alerts,
    key: alert.fingerprint,
    value: encodeTopicValue('vigia.alerts.v1', alert),
    headers: {
      ...cloudEventHeaders({
        // Deterministic: a replayed evaluation produces the same id, so consumers can deduplicate.
        id: `${alert.fingerprint}:${transition.change}:${alert.updatedAt}`,
        source: alerterSource,
        type: cloudEventTypeOf(topics.alerts, alert.type),
        time: alert.updatedAt,
        subject: alert.fingerprint,
      }),
      [alerterHeaders.change]: transition.change,
      [alerterHeaders.notify]: String(transition.notify),
      ...(transition.suppressedBy === null ? {} : { [alerterHeaders.suppressedBy]: transition.suppressedBy }),
    },
  };
}

/**
 * The compacted state record of a changed entry (tombstone when dropped).
 * Entries that never published an alert have no `vigia.alert-state.v1` view
 * (its `alert` is required) and are not written: see the README's known gap.
 */
export function stateRecord(topics: AlerterTopicNames, change: StateChange, partitions: number): OutgoingRecord | undefined {
  const key = alertStateKey({ region: change.region, fingerprint: change.fingerprint });
  const partition = partitionForKey(change.region, partitions);
  if (change.entry === null) return { topic: topics.alertState, key, value: null, partition };
  const record = toAlertStateRecordOrNull(change.entry);
  if (record === null) return undefined;
  return {
    topic: topics.alertState,
    key,
    partition,
    value: encodeTopicValue('vigia.alert-state.v1', record),
    headers: cloudEventHeaders({
      id: `${change.fingerprint}:state:${change.entry.lastEvaluatedAt}`,
      source: alerterSource,
      type: cloudEventTypeOf(topics.alertState, record.type),
      time: change.entry.lastEvaluatedAt,
      subject: change.fingerprint,
    }),
  };
}

export type { AlertEntry };
