import { z } from 'zod';
import { identifierSchema, isoDateTimeSchema, uuidSchema } from '../primitives.ts';

/**
 * What ingest writes to `vigia.events.raw.v1`: one submitted record, untouched,
 * with where and how it arrived. Nothing is validated against the canonical
 * schema here — that is the normalizer's job, and a record it rejects must
 * still be replayable exactly as it was sent.
 */

export const ingestChannels = ['http', 'file', 'cli'] as const;
export type IngestChannel = (typeof ingestChannels)[number];

export const rawFormats = ['json', 'ndjson', 'csv', 'acled-csv'] as const;
export type RawFormat = (typeof rawFormats)[number];

const csvFormats: ReadonlySet<RawFormat> = new Set(['csv', 'acled-csv']);

export const rawSourceSchema = z.object({
  channel: z.enum(ingestChannels),
  publisher: z.string().min(1).max(200).describe('Who submitted it (account or publisher name)'),
  apiKeyId: identifierSchema.optional().describe('Id of the API key used over HTTP; never the key itself'),
  fileName: z.string().max(500).optional().describe('Imported file, for file and cli channels'),
});
export type RawSource = z.infer<typeof rawSourceSchema>;

/** The record as submitted: a JSON value, or a CSV row as header → cell text. */
export const rawRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('json'), value: z.json() }),
  z.object({ kind: z.literal('csv-row'), columns: z.record(z.string(), z.string()) }),
]);
export type RawRecord = z.infer<typeof rawRecordSchema>;

export const rawReportSchema = z
  .object({
    type: z.literal('report.received'),
    ingestId: uuidSchema.describe('Unique id of this record; the record key'),
    batchId: uuidSchema.describe('Id of the request or file the record came in'),
    receivedAt: isoDateTimeSchema,
    source: rawSourceSchema,
    format: z.enum(rawFormats),
    recordNumber: z.int().min(1).describe('1-based record number in the batch (line for NDJSON, row for CSV)'),
    record: rawRecordSchema,
  })
  .refine((report) => (report.record.kind === 'csv-row') === csvFormats.has(report.format), {
    message: 'csv and acled-csv carry a csv-row record; json and ndjson a json record',
    path: ['record', 'kind'],
  });
export type RawReport = z.infer<typeof rawReportSchema>;
