import { z } from 'zod';
import { isoDateTimeSchema, issueSchema, type Issue } from '../primitives.ts';
import { dlqReasonCodeList, type DlqReasonCode } from './dlq-reasons.ts';

/** Longest UTF-8 preview kept next to the base64 payload (characters). */
export const dlqPreviewMaxChars = 4096;

export const dlqPayloadSchema = z
  .object({
    base64: z.base64().describe('The original value, byte for byte'),
    byteLength: z.int().min(0),
    utf8Preview: z.string().optional().describe(`Start of the value as text (up to ${dlqPreviewMaxChars} characters); absent when not valid UTF-8`),
    previewTruncated: z.boolean().optional(),
  })
  .describe('Original record value');
export type DlqPayload = z.infer<typeof dlqPayloadSchema>;

export const dlqSourceSchema = z
  .object({
    topic: z.string().min(1).max(249),
    partition: z.int().min(0),
    offset: z.int().min(0),
    key: z.string().nullable(),
    timestamp: isoDateTimeSchema.optional().describe("The record's own timestamp"),
  })
  .describe('Where the rejected record was read');
export type DlqSource = z.infer<typeof dlqSourceSchema>;

export const dlqHeaderSchema = z.object({ key: z.string(), value: z.string() });
export type DlqHeader = z.infer<typeof dlqHeaderSchema>;

/**
 * A rejected record on `vigia.events.dlq.v1`, keyed by the original key. It
 * keeps the payload byte-exact with its headers so the record can be fixed
 * and re-driven into its source topic without loss.
 */
export const dlqRecordSchema = z.object({
  type: z.literal('record.rejected'),
  reason: z.enum(dlqReasonCodeList as [DlqReasonCode, ...DlqReasonCode[]]),
  message: z.string().max(10_000),
  issues: z.array(issueSchema).max(100).describe('Field-level problems, for SCHEMA_INVALID and similar'),
  stage: z.string().min(1).max(100).describe('Stage that rejected it, e.g. ingest, normalizer'),
  source: dlqSourceSchema.nullable().describe('null when rejected before reaching any topic (at ingest)'),
  failedAt: isoDateTimeSchema,
  attempts: z.int().min(1).optional().describe('Processing attempts before giving up'),
  payload: dlqPayloadSchema.nullable().describe('null when the record had no value (tombstone)'),
  headers: z.array(dlqHeaderSchema).describe('Original record headers in order, as name/value pairs (a map would lose names like __proto__)'),
});
export type DlqRecord = z.infer<typeof dlqRecordSchema>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes bytes for a DLQ record: base64 always, a text preview when they are valid UTF-8. */
export function dlqPayloadOf(bytes: Uint8Array): DlqPayload {
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { base64, byteLength: bytes.byteLength };
  }
  const truncated = text.length > dlqPreviewMaxChars;
  // Never cut a surrogate pair in half: the preview must itself be valid text.
  let end = Math.min(text.length, dlqPreviewMaxChars);
  if (truncated && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return { base64, byteLength: bytes.byteLength, utf8Preview: text.slice(0, end), previewTruncated: truncated };
}

/** The original bytes of a DLQ payload. */
export function bytesOfDlqPayload(payload: DlqPayload): Uint8Array {
  return new Uint8Array(Buffer.from(payload.base64, 'base64'));
}

export interface DlqRecordInput {
  readonly reason: DlqReasonCode;
  readonly message: string;
  readonly issues?: readonly Issue[];
  readonly stage: string;
  readonly source: DlqSource | null;
  readonly failedAt: Date;
  readonly attempts?: number;
  readonly value: Uint8Array | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** Builds a DLQ record from a rejection; one shape for every stage. */
export function dlqRecordOf(input: DlqRecordInput): DlqRecord {
  return {
    type: 'record.rejected',
    reason: input.reason,
    message: input.message,
    issues: [...(input.issues ?? [])].slice(0, 100),
    stage: input.stage,
    source: input.source,
    failedAt: input.failedAt.toISOString(),
    ...(input.attempts === undefined ? {} : { attempts: input.attempts }),
    payload: input.value === null ? null : dlqPayloadOf(input.value),
    headers: Object.entries(input.headers).map(([key, value]) => ({ key, value })),
  };
}

/** The original headers of a DLQ record as a map, for re-driving it to its source topic. */
export function headersOfDlqRecord(record: Pick<DlqRecord, 'headers'>): Record<string, string> {
  // fromEntries defines own properties, so even a header named __proto__ survives.
  return Object.fromEntries(record.headers.map((header) => [header.key, header.value]));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
