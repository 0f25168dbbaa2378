import { classify, createRecordReader, type ReaderFormat, type SubmittedItem } from '@vigia/ingest';
import { canonicalEventSchema, eventChangeSchema, type EventChange, type RawFormat, type RawReport } from '@vigia/schemas';
import type { ReplayNormalizer } from './replay-normalizer.ts';

/**
 * What a replay file holds: `changes` — `vigia.events.v1` values, one JSON
 * per line (what the live aggregator read); `canonical` — canonical events,
 * one per line (revisions decided as the normalizer decides them); or field
 * reports in a format `vigia ingest` reads, which run through the normalizer.
 */
export type ReplayInputFormat = { readonly kind: 'changes' } | { readonly kind: 'canonical' } | { readonly kind: 'reports'; readonly format: ReaderFormat };

/** A push decoder of one input file: bytes in, event changes out, in input order. */
export interface InputDecoder {
  push(chunk: Uint8Array): EventChange[];
  end(): EventChange[];
}

const eventChangeTypes = new Set(['event.recorded', 'event.revised', 'event.retracted']);

/**
 * The format of NDJSON content from its first record: an event change has a
 * `type` of `event.*`, a canonical event passes the canonical schema,
 * anything else is taken for field reports. `undefined` when there is no record.
 */
export function sniffNdjson(firstLine: string): ReplayInputFormat | undefined {
  if (firstLine.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(firstLine);
  } catch {
    return { kind: 'reports', format: { kind: 'ndjson' } };
  }
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && eventChangeTypes.has(type)) return { kind: 'changes' };
  return canonicalEventSchema.safeParse(value).success ? { kind: 'canonical' } : { kind: 'reports', format: { kind: 'ndjson' } };
}

export interface InputDecoderOptions {
  readonly normalizer: ReplayNormalizer;
  /** Base name of the file, recorded in raw report envelopes. */
  readonly fileName: string;
  /**
   * `receivedAt` of the raw reports built from the file (reports without a
   * `reportedAt` are judged against it): an input, never the clock.
   */
  readonly receivedAt: string;
  readonly maxRecordBytes?: number;
}

/** Opens a decoder for `format`; lines or records that cannot be read are counted by the normalizer as rejected. */
export function createInputDecoder(format: ReplayInputFormat, options: InputDecoderOptions): InputDecoder {
  if (format.kind === 'reports') return reportDecoder(format.format, options);
  const { normalizer } = options;
  const decodeLine =
    format.kind === 'changes'
      ? (line: string): EventChange | undefined => {
          const parsed = eventChangeSchema.safeParse(parseJson(line));
          return parsed.success ? parsed.data : normalizer.reject('SCHEMA_INVALID');
        }
      : (line: string): EventChange | undefined => {
          const parsed = canonicalEventSchema.safeParse(parseJson(line));
          return parsed.success ? normalizer.fromEvent(parsed.data) : normalizer.reject('SCHEMA_INVALID');
        };
  const lines = lineSplitter();
  const decode = (text: readonly string[]): EventChange[] => {
    const changes: EventChange[] = [];
    for (const line of text) {
      if (line.trim() === '') continue;
      const change = decodeLine(line);
      if (change !== undefined) changes.push(change);
    }
    return changes;
  };
  return { push: (chunk) => decode(lines.push(chunk)), end: () => decode(lines.end()) };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Whole lines of UTF-8 chunks (a line may span chunks). */
function lineSplitter(): { push(chunk: Uint8Array): string[]; end(): string[] } {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  return {
    push(chunk) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      return lines;
    },
    end() {
      const last = rest + decoder.decode();
      rest = '';
      return last === '' ? [] : [last];
    },
  };
}

const replayIds = { ingestId: '00000000-0000-4000-8000-000000000000', batchId: '00000000-0000-4000-8000-000000000001' } as const;

/** Field reports: ingest's streaming reader and its classification, an envelope, then the normalizer. */
function reportDecoder(format: ReaderFormat, options: InputDecoderOptions): InputDecoder {
  const reader = createRecordReader(format, { maxRecordBytes: options.maxRecordBytes ?? 262_144 });
  const rawFormatOf = (): RawFormat => reader.format ?? (format.kind === 'csv' ? 'csv' : format.kind);
  const decode = (items: readonly SubmittedItem[]): EventChange[] => {
    const changes: EventChange[] = [];
    for (const item of items) {
      const rawFormat = rawFormatOf();
      const classified = classify(item, rawFormat, 'vigia replay');
      if (!classified.ok) {
        options.normalizer.reject(classified.reason);
        continue;
      }
      const report: RawReport = {
        type: 'report.received',
        ...replayIds,
        receivedAt: options.receivedAt,
        source: { channel: 'cli', publisher: 'vigia replay', fileName: options.fileName },
        format: rawFormat,
        recordNumber: item.recordNumber,
        record: classified.record,
      };
      const change = options.normalizer.fromRaw(report, classified.key);
      if (change !== undefined) changes.push(change);
    }
    return changes;
  };
  return { push: (chunk) => decode(reader.push(chunk)), end: () => decode(reader.end()) };
}
