import { cloudEventHeaders, dlqRecordOf, encodeJson, isDlqReasonCode } from '@vigia/schemas';
import type { OutgoingRecord } from './port.ts';
import type { Rejection } from './transform.ts';
import { processingFailedReason } from './transform.ts';

export interface DlqTarget {
  readonly stage: string;
  readonly dlqTopic: string;
  readonly failedAt: Date;
}

/**
 * The DLQ record for a rejection: the original payload byte-exact with its
 * headers, the reason and where it was read, keyed by the original key so a
 * fixed record can be re-driven to the same partition.
 */
export function toDlqRecord(rejection: Rejection, target: DlqTarget): OutgoingRecord {
  const { record } = rejection;
  // An unknown code is a stage bug, not the publisher's: keep the record, say so.
  const reason = isDlqReasonCode(rejection.reason) ? rejection.reason : processingFailedReason;
  const message = reason === rejection.reason ? rejection.message : `${rejection.reason}: ${rejection.message}`;
  const value = dlqRecordOf({
    reason,
    message,
    issues: rejection.issues ?? [],
    stage: target.stage,
    source: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key,
      timestamp: new Date(record.timestampMs).toISOString(),
    },
    failedAt: target.failedAt,
    value: record.value,
    headers: record.headers,
  });
  return {
    topic: target.dlqTopic,
    key: record.key,
    value: encodeJson(value),
    headers: cloudEventHeaders({
      id: `${record.topic}/${record.partition}/${record.offset}`,
      source: `/vigia/${target.stage}`,
      type: 'pe.vigia.record.rejected.v1',
      time: target.failedAt,
      subject: reason,
    }),
  };
}
