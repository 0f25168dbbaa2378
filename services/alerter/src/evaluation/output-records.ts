import { partitionForKey, type OutgoingRecord } from '@vigia/bus';
import type { AlertEntry, StateChange, Transition } from '@vigia/rules';
import { alertStateKey, cloudEventHeaders, cloudEventTypeOf, contentEventId, encodeTopicValue, toAlertStateRecordOrNull } from './state-record.ts';

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
export function transitionRecord(topics: Pick<AlerterTopicNames, 'alerts'>, transition: Transition): OutgoingRecord {
  const { alert } = transition;
  const value = encodeTopicValue('vigia.alerts.v1', alert);
  return {
    topic: topics.alerts,
    key: alert.fingerprint,
    value,
    headers: {
      ...cloudEventHeaders({
        // Deterministic: a replayed evaluation produces the same id, so consumers can deduplicate;
        // the content digest tells apart two revisions that change the alert at one instant.
        id: contentEventId(`${alert.fingerprint}:${transition.change}:${alert.updatedAt}`, value),
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
  const value = encodeTopicValue('vigia.alert-state.v1', record);
  return {
    topic: topics.alertState,
    key,
    partition,
    value,
    headers: cloudEventHeaders({
      id: contentEventId(`${change.fingerprint}:state:${change.entry.lastEvaluatedAt}`, value),
      source: alerterSource,
      type: cloudEventTypeOf(topics.alertState, record.type),
      time: change.entry.lastEvaluatedAt,
      subject: change.fingerprint,
    }),
  };
}

export type { AlertEntry };
