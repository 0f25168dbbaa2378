import { randomUUID } from 'node:crypto';
import type { Bus } from '@vigia/bus';
import { createIngestCore, type CsvHeader, type IngestCore, type RecordResult, type SubmittedItem } from '@vigia/ingest';
import type { RawFormat } from '@vigia/schemas';
import type { Logger } from 'pino';
import { CliError } from '../cli-errors.ts';
import { encodeHttpBatch, withFilePositions } from './http-batch.ts';

/** What a batch is sent with: the file's format and, for CSV, its header. */
export interface BatchContext {
  readonly format: RawFormat;
  readonly csvHeader: CsvHeader | undefined;
}

/** One result per record of the batch, in order; `notSent` of them were rejected without being delivered. */
export interface BatchOutcome {
  readonly results: readonly RecordResult[];
  readonly notSent: number;
}

/** Where `vigia ingest` delivers batches; resolves once they are acknowledged. */
export interface BatchSink {
  readonly description: string;
  send(items: readonly SubmittedItem[], context: BatchContext): Promise<BatchOutcome>;
  close(): Promise<void>;
}

export interface DirectSinkOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly namespace?: string;
  readonly publisher: string;
  readonly fileName: string;
}

/** Straight to the Bus through the ingest core: the same envelopes, keys and DLQ records as the HTTP API. */
export async function createDirectSink(options: DirectSinkOptions): Promise<BatchSink> {
  const core: IngestCore = createIngestCore({
    bus: options.bus,
    logger: options.logger,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
  });
  await core.ensureTopics();
  const batchId = randomUUID();
  return {
    description: `${options.bus.kind} bus (${core.rawTopic})`,
    async send(items, context) {
      try {
        const outcome = await core.submit(
          {
            channel: 'cli',
            publisher: options.publisher.slice(0, 200),
            fileName: options.fileName.slice(0, 500),
            batchId,
            format: context.format,
            ...(context.csvHeader === undefined ? {} : { csvHeader: context.csvHeader }),
          },
          items,
        );
        return { results: outcome.results, notSent: 0 };
      } catch (error) {
        throw new CliError('VIGIA_CLI_INGEST_FAILED', `the Bus did not acknowledge a batch: ${(error as Error).message}`, { cause: error });
      }
    },
    close: () => options.bus.close(),
  };
}

export interface HttpSinkOptions {
  readonly url: string;
  readonly apiKey: string;
  readonly retries: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called before a retry, to tell the user. */
  readonly onRetry?: (attempt: number, delayMs: number, reason: string) => void;
}

const retriableStatus = new Set([408, 429, 500, 502, 503, 504]);

/**
 * To the ingest HTTP API, one request per batch, in order. Network failures
 * and 408/429/5xx are retried with exponential backoff (honouring
 * Retry-After): a retry is safe because records are keyed by event id and
 * deduplicated downstream. Any other refusal ends the run.
 */
export function createHttpSink(options: HttpSinkOptions): BatchSink {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const endpoint = `${options.url}/v1/reports`;
  return {
    description: endpoint,
    async send(items, context) {
      // A record cut to --max-record-bytes cannot be re-framed faithfully; it is reported, not sent.
      const sendable = items.filter((item) => item.bytes.byteLength >= item.byteLength);
      const results = new Map<SubmittedItem, RecordResult>();
      for (const item of items) if (item.bytes.byteLength < item.byteLength) results.set(item, oversizeNotSent(item));
      if (sendable.length > 0) {
        const batch = encodeHttpBatch(context.format, sendable, context.csvHeader);
        const answer = await postWithRetries(doFetch, sleep, options, `${endpoint}${batch.query === '' ? '' : `?${batch.query}`}`, batch);
        const serverResults = withFilePositions(sendable, answer);
        sendable.forEach((item, i) => {
          results.set(item, serverResults[i]!);
        });
      }
      return { results: items.map((item) => results.get(item)!), notSent: items.length - sendable.length };
    },
    close: async () => undefined,
  };
}

function oversizeNotSent(item: SubmittedItem): RecordResult {
  const why = item.kind === 'malformed' ? item.message : `the record is ${item.byteLength} bytes`;
  return { ...item.position, status: 'rejected', reason: 'SCHEMA_INVALID', field: '', message: `${why}; not sent (raise --max-record-bytes)` };
}

async function postWithRetries(
  doFetch: typeof fetch,
  sleep: (ms: number) => Promise<void>,
  options: HttpSinkOptions,
  url: string,
  batch: { readonly contentType: string; readonly body: Uint8Array },
): Promise<RecordResult[]> {
  for (let attempt = 0; ; attempt += 1) {
    let retryReason: string;
    let retryAfterMs: number | undefined;
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': batch.contentType, authorization: `Bearer ${options.apiKey}` },
        body: batch.body,
      });
      const text = await response.text();
      const body = parseJson(text);
      if ([200, 207, 422].includes(response.status) && Array.isArray(body?.results)) return body.results as RecordResult[];
      const detail = typeof body?.message === 'string' ? body.message : text.slice(0, 200);
      if (!retriableStatus.has(response.status)) {
        const hint = response.status === 413 ? ' (lower --batch-records or --batch-bytes)' : '';
        throw new CliError('VIGIA_CLI_INGEST_FAILED', `the ingest API refused a batch: HTTP ${response.status} ${detail}${hint}`, {
          context: { status: response.status, error: typeof body?.error === 'string' ? body.error : null },
        });
      }
      retryReason = `HTTP ${response.status} ${detail}`;
      const retryAfter = Number(response.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = Math.min(retryAfter * 1000, 60_000);
    } catch (error) {
      if (error instanceof CliError) throw error;
      retryReason = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    }
    if (attempt >= options.retries) {
      // Origin and path only: a query string or `user:pass@` in --url must not reach the terminal or a CI log.
      throw new CliError('VIGIA_CLI_INGEST_FAILED', `the ingest API at ${shownUrl(url)} did not take a batch after ${attempt + 1} attempts: ${retryReason}`);
    }
    const delayMs = retryAfterMs ?? Math.round(Math.min(10_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2));
    options.onRetry?.(attempt + 1, delayMs, retryReason);
    await sleep(delayMs);
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '<invalid url>';
  }
}
