import { userInfo } from 'node:os';
import { createBus, parseBusConfig, type Bus } from '@vigia/bus';
import { createRecordReader, type RecordResult } from '@vigia/ingest';
import { isVigiaError } from '@vigia/schemas';
import { createLogger, type LogLevel } from '@vigia/service-kit';
import type { Logger } from 'pino';
import { CliError } from '../cli-errors.ts';
import type { CliIo } from '../cli-io.ts';
import { readBatches } from './batches.ts';
import type { IngestOptions } from './ingest-args.ts';
import { openInput } from './input-source.ts';
import { ProgressReporter, type ResolvedProgressMode } from './progress.ts';
import { createDirectSink, createHttpSink, type BatchSink } from './sinks.ts';
import { formatSummary, type IngestRunSummary } from './summary.ts';

/** Replaceable parts, for tests. */
export interface IngestRunDeps {
  /** Opens the Bus for `--direct`; default: from the bus variables of `io.env`. */
  readonly openBus?: (logger: Logger) => Promise<Bus>;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Exit status of a finished run: 0 all accepted, 3 some rejected, 1 failed. */
export const ingestExitCodes = { ok: 0, failed: 1, rejected: 3 } as const;

/**
 * Runs `vigia ingest`: reads the input in batches, delivers each batch and
 * waits for its acknowledgement before reading on, shows progress on stderr
 * and prints a summary on stdout. Returns the exit status.
 */
export async function runIngest(options: IngestOptions, io: CliIo, deps: IngestRunDeps = {}): Promise<number> {
  const nowMs = io.nowMs ?? (() => performance.now());
  const startedMs = nowMs();
  const summary: IngestRunSummary = {
    file: options.file,
    format: undefined,
    target: '',
    accepted: 0,
    rejected: 0,
    notSent: 0,
    rejectedByReason: {},
    bytesRead: 0,
    totalBytes: undefined,
    durationMs: 0,
  };
  const progress = new ProgressReporter({ stream: io.stderr, mode: progressMode(options, io), intervalMs: options.progressIntervalMs, nowMs });
  let shown = 0;
  let sink: BatchSink | undefined;
  let failure: unknown;
  try {
    const input = await openInput(options.file, io.stdin);
    summary.totalBytes = input.totalBytes;
    const reader = createRecordReader(options.format, { maxRecordBytes: options.maxRecordBytes });
    sink = await openSink(options, io, deps, input.name, progress);
    summary.target = sink.description;
    const state = () => ({ ...summary, bytesRead: input.bytesRead, elapsedMs: nowMs() - startedMs });
    try {
      for await (const batch of readBatches(input, reader, options)) {
        const format = reader.format ?? (options.format.kind === 'csv' ? 'csv' : options.format.kind);
        summary.format = format;
        const { results, notSent } = await sink.send(batch, { format, csvHeader: reader.csvHeader });
        summary.notSent += notSent;
        for (const result of results) {
          tally(summary, result);
          if (result.status === 'rejected' && shown < options.showRejected) {
            shown += 1;
            progress.note(`rejected ${positionOf(result)}: ${result.reason} ${result.field === '' ? '' : `${result.field}: `}${result.message}`);
          }
        }
        summary.bytesRead = input.bytesRead;
        progress.update(state());
      }
    } finally {
      summary.bytesRead = input.bytesRead;
      progress.update(state());
    }
    summary.format ??= reader.format;
  } catch (error) {
    failure = error;
  } finally {
    await sink?.close().catch(() => undefined);
    progress.finish();
  }
  summary.durationMs = nowMs() - startedMs;
  const hidden = summary.rejected - shown;
  if (hidden > 0) io.stderr.write(`… and ${hidden} more rejected records (see the summary and the DLQ)\n`);
  if (failure !== undefined) {
    summary.failure = describeFailure(failure);
    io.stderr.write(`vigia ingest: ${summary.failure.message}\n`);
  }
  io.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
  if (failure !== undefined) return ingestExitCodes.failed;
  return summary.rejected > 0 ? ingestExitCodes.rejected : ingestExitCodes.ok;
}

async function openSink(options: IngestOptions, io: CliIo, deps: IngestRunDeps, fileName: string, progress: ProgressReporter): Promise<BatchSink> {
  const { target } = options;
  if (target.kind === 'http') {
    return createHttpSink({
      url: target.url,
      apiKey: target.apiKey,
      retries: target.retries,
      ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
      ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
      onRetry: (attempt, delayMs, reason) => progress.note(`retry ${attempt} in ${delayMs} ms: ${reason}`),
    });
  }
  const logger = createLogger({
    name: 'vigia-cli',
    level: target.logLevel as LogLevel,
    destination: { write: (line: string) => io.stderr.write(line) },
  });
  let bus: Bus;
  try {
    bus = await (deps.openBus ?? ((log: Logger) => createBus(parseBusConfig(io.env), log)))(logger);
  } catch (error) {
    const locked = isVigiaError(error, 'VIGIA_BUS_DATA_DIR_LOCKED')
      ? ' (another process, e.g. a running pipeline, has the embedded log open: send through its API with --url instead)'
      : '';
    throw new CliError('VIGIA_CLI_INGEST_FAILED', `cannot open the Bus: ${(error as Error).message}${locked}`, { cause: error });
  }
  try {
    return await createDirectSink({
      bus,
      logger,
      publisher: target.publisher ?? defaultPublisher(),
      fileName,
      ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
    });
  } catch (error) {
    await bus.close().catch(() => undefined);
    throw new CliError('VIGIA_CLI_INGEST_FAILED', `cannot create the topics: ${(error as Error).message}`, { cause: error });
  }
}

function progressMode(options: IngestOptions, io: CliIo): ResolvedProgressMode {
  if (options.progress === 'auto') return io.stderr.isTTY === true ? 'bar' : 'plain';
  return options.progress;
}

function tally(summary: IngestRunSummary, result: RecordResult): void {
  if (result.status === 'accepted') {
    summary.accepted += 1;
    return;
  }
  summary.rejected += 1;
  summary.rejectedByReason[result.reason] = (summary.rejectedByReason[result.reason] ?? 0) + 1;
}

function positionOf(result: RecordResult): string {
  if ('index' in result) return `element ${result.index}`;
  if ('row' in result) return `row ${result.row} (line ${result.line})`;
  return `line ${result.line}`;
}

function describeFailure(error: unknown): { code: string; message: string } {
  if (isVigiaError(error, 'VIGIA_INGEST_BODY_MALFORMED')) {
    return { code: 'VIGIA_CLI_INPUT_UNREADABLE', message: `the input's structure is broken: ${error.message}; the records before it were delivered` };
  }
  if (error instanceof CliError) return { code: error.code, message: error.message };
  return { code: 'VIGIA_CLI_INGEST_FAILED', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

function defaultPublisher(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}
