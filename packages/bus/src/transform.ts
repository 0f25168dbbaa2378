import type { DlqReasonCode } from '@vigia/schemas';
import type { ConsumedRecord, OutgoingRecord } from './port.ts';
import { BusError } from './bus-errors.ts';
import { isRetriable } from './retry.ts';

/** A field-level problem, e.g. from schema validation. */
export interface RejectionIssue {
  readonly path: string;
  readonly message: string;
}

/** Why a record cannot be processed, ever: it goes to the DLQ instead of the output. */
export interface Rejection {
  readonly record: ConsumedRecord;
  /** Why, as operators and `/metrics` see it: a code of `dlqReasonCodes` in `@vigia/schemas`. */
  readonly reason: DlqReasonCode;
  readonly message: string;
  readonly issues?: readonly RejectionIssue[];
}

export interface TransformResult {
  readonly outputs: readonly OutgoingRecord[];
  readonly rejections: readonly Rejection[];
}

export interface TransformContext {
  readonly topic: string;
  readonly partition: number;
}

/**
 * Turns one batch of one partition into output records and rejections. Throwing
 * a retriable error makes the loop run it again on the same records after a
 * backoff, so a transform must not keep side effects of a failed attempt;
 * throwing anything else stops the processor without committing.
 */
export type BatchTransform = (records: readonly ConsumedRecord[], context: TransformContext) => TransformResult | Promise<TransformResult>;

export type RecordOutcome = { readonly outputs: readonly OutgoingRecord[] } | { readonly reject: Omit<Rejection, 'record'> };

export type RecordTransform = (record: ConsumedRecord, context: TransformContext) => RecordOutcome | Promise<RecordOutcome>;

/**
 * Thrown by a record transform to reject the record with a reason: the record
 * goes to the DLQ and the stage goes on. Never retriable.
 */
export class RecordRejectedError extends BusError<'VIGIA_BUS_RECORD_REJECTED'> {
  /** A DLQ reason code from `@vigia/schemas` (`dlqReasonCodes`). */
  declare readonly reason: DlqReasonCode;
  declare readonly issues: readonly RejectionIssue[];
  constructor(reason: DlqReasonCode, message: string, issues: readonly RejectionIssue[] = [], options?: ErrorOptions) {
    super('VIGIA_BUS_RECORD_REJECTED', message, {
      ...(options?.cause === undefined ? {} : { cause: options.cause }),
      context: { reason, issues: issues.map((issue) => ({ path: issue.path, message: issue.message })) },
    });
  }
}

/** Reason given to a record whose transform failed with an unexpected, non-retriable error. */
export const processingFailedReason = 'PROCESSING_FAILED' satisfies DlqReasonCode;

/** The one way a stage refuses a record: it goes to the DLQ with this reason, and the stage goes on. */
export function rejectRecord(reason: DlqReasonCode, message: string, issues?: readonly RejectionIssue[]): RecordOutcome {
  return { reject: issues === undefined || issues.length === 0 ? { reason, message } : { reason, message, issues } };
}

/**
 * Adapts a per-record transform to a batch transform and isolates poison pills:
 * a record whose transform throws a non-retriable error is rejected on its own
 * instead of stopping the stage, so no input can crash a service.
 */
export function perRecord(transform: RecordTransform): BatchTransform {
  return async (records, context) => {
    const outputs: OutgoingRecord[] = [];
    const rejections: Rejection[] = [];
    for (const record of records) {
      const outcome = await applyIsolated(transform, record, context);
      if ('reject' in outcome) rejections.push({ ...outcome.reject, record });
      else outputs.push(...outcome.outputs);
    }
    return { outputs, rejections };
  };
}

/**
 * Runs one record's transform so that only this record can fail: a rejection
 * thrown from deep inside becomes the record's outcome, an unexpected error
 * rejects the record as `PROCESSING_FAILED`, and only a retriable error (the
 * bus or a dependency, not the record) escapes to fail the batch and retry it.
 */
export async function applyIsolated(transform: RecordTransform, record: ConsumedRecord, context: TransformContext): Promise<RecordOutcome> {
  try {
    return await transform(record, context);
  } catch (error) {
    if (isRetriable(error)) throw error;
    if (error instanceof RecordRejectedError) {
      return { reject: { reason: error.reason, message: error.message, issues: error.issues } };
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { reject: { reason: processingFailedReason, message } };
  }
}
