/**
 * Ingest and the normalizer in one process, without sockets or a broker, for
 * fuzzing: a body is read by ingest's record reader, classified and wrapped
 * by the real ingest core, and every raw record it appends is normalized by
 * the real normalizer transform. The Bus is a list, so a million inputs take
 * minutes, not hours.
 */
import type { Bus, ConsumedRecord, OutgoingRecord } from '@vigia/bus';
import { createIngestCore, createRecordReader, type IngestCore, type ReaderFormat, type SubmittedItem } from '@vigia/ingest';
import { EventState, normalizeRecord } from '@vigia/normalizer';
import { isVigiaError } from '@vigia/schemas';
import { pino } from 'pino';

/** What one input became. `accepted === canonical + dlq` always: every raw record is either. */
export interface InputOutcome {
  /** The body as a whole was refused (400): nothing appended but the body to the DLQ. */
  readonly bodyRejected: boolean;
  readonly records: number;
  /** Records ingest appended to the raw topic. */
  readonly accepted: number;
  /** Records ingest rejected into the DLQ. */
  readonly ingestRejected: number;
  /** Raw records the normalizer turned into canonical changes. */
  readonly canonical: number;
  /** Raw records the normalizer rejected into the DLQ. */
  readonly dlq: number;
  readonly dlqReasons: readonly string[];
}

export interface FuzzPipeline {
  run(format: ReaderFormat, body: Uint8Array, publisher?: string): Promise<InputOutcome>;
}

const limits = { maxRecordBytes: 256 * 1024 };

export function createFuzzPipeline(): FuzzPipeline {
  const appended: OutgoingRecord[] = [];
  // Only `produce` is used by the ingest core's submit.
  const bus = {
    async produce(records: readonly OutgoingRecord[]) {
      appended.push(...records);
      return records.map((_, offset) => ({ topic: '', partition: 0, offset }));
    },
  } as unknown as Bus;
  const core: IngestCore = createIngestCore({ bus, logger: pino({ level: 'silent' }), namespace: 'fuzz' });
  const state = new EventState();
  let offset = 0;

  return {
    async run(format, body, publisher = 'fuzz-publisher') {
      appended.length = 0;
      const reader = createRecordReader(format, limits);
      let items: SubmittedItem[];
      try {
        // Two chunks, cut in the middle: records spanning chunks are the common case over HTTP.
        const middle = Math.floor(body.length / 2);
        items = [...reader.push(body.subarray(0, middle)), ...reader.push(body.subarray(middle)), ...reader.end()];
      } catch (error) {
        if (isVigiaError(error, 'VIGIA_INGEST_BODY_MALFORMED')) {
          return { bodyRejected: true, records: 0, accepted: 0, ingestRejected: 0, canonical: 0, dlq: 0, dlqReasons: [] };
        }
        throw error;
      }
      const fallbackFormat = format.kind === 'csv' ? (format.flavor ?? 'csv') : format.kind;
      const outcome = await core.submit(
        {
          channel: 'http',
          publisher,
          apiKeyId: publisher,
          keyRole: 'publisher',
          batchId: '00000000-0000-4000-8000-000000000013',
          format: reader.format ?? fallbackFormat,
          ...(reader.csvHeader === undefined ? {} : { csvHeader: reader.csvHeader }),
        },
        items,
      );
      let canonical = 0;
      const dlqReasons: string[] = [];
      for (const record of appended.filter((candidate) => candidate.topic === core.rawTopic)) {
        const consumed: ConsumedRecord = {
          topic: 'vigia.events.raw.v1',
          partition: 0,
          offset: offset++,
          key: record.key ?? null,
          value: record.value ?? null,
          headers: record.headers ?? {},
          timestampMs: 0,
        };
        // Outside a batch nothing is journaled: every record's change is final, as after a commit.
        const result = normalizeRecord(consumed, state);
        if (!('outcome' in result)) canonical += 1;
        else if ('reject' in result.outcome) dlqReasons.push(result.outcome.reject.reason);
        else throw new Error('the normalizer answered a record with neither a change nor a rejection');
      }
      return {
        bodyRejected: false,
        records: items.length,
        accepted: outcome.accepted,
        ingestRejected: outcome.rejected,
        canonical,
        dlq: dlqReasons.length,
        dlqReasons,
      };
    },
  };
}
