import { parseArgs } from 'node:util';
import { namespacePattern } from '@vigia/schemas';
import { readerFormatOfFileName, readerFormatOfName, type ReaderFormat } from '@vigia/ingest';
import { usageError } from '../cli-errors.ts';
import { parseArgsStrict, wholeNumberFlag as count } from '../parse-args.ts';

export const ingestHelp = `Usage: vigia ingest <file> (--url <url> | --direct) [options]

Streams a file of field reports (NDJSON, CSV, ACLED CSV export or JSON) into Vigía in
batches, in constant memory, and prints a summary. <file> may be - for standard input
(then --format is required).

Where the records go (one of):
  --url <url>                 the ingest HTTP API, e.g. http://127.0.0.1:8080
      --api-key <key>         API key for --url (default: environment VIGIA_API_KEY)
  --direct                    straight to the Bus, through the same ingest core as the API:
                              Kafka when KAFKA_BROKERS is set, else the embedded log in
                              VIGIA_DATA_DIR (default .vigia/data)
      --namespace <ns>        topic namespace for --direct (default: the live topics)
      --publisher <name>      publisher recorded with --direct (default: your user name)

Options:
  --format <format>           json, ndjson, csv or acled-csv (default: from the file
                              extension: .json, .ndjson/.jsonl, .csv; a .csv file with an
                              event_id_cnty column is read as acled-csv)
  --batch-records <n>         records per batch (default 500)
  --batch-bytes <n>           bytes per batch (default 1048576)
  --max-record-bytes <n>      longest record (default 262144); a longer one is rejected
  --retries <n>               retries of a failed HTTP batch, with backoff (default 5)
  --progress <mode>           auto, bar, plain or none (default auto: a bar on a terminal,
                              a line every --progress-interval-ms otherwise)
  --progress-interval-ms <n>  interval of plain progress lines (default 5000)
  --show-rejected <n>         rejected records listed on stderr (default 20)
  --json                      print the summary as JSON on stdout
  --log-level <level>         log level of --direct (default warn; logs go to stderr)
  -h, --help                  show this help

Exit status: 0 every record accepted, 3 some records rejected (they are in the DLQ,
vigia.events.dlq.v1), 1 failure (nothing more was sent after it), 2 usage error.

Examples:
  vigia ingest reports.ndjson --url http://127.0.0.1:8080 --api-key "$KEY"
  vigia ingest acled-peru-2024.csv --direct
  cat export.csv | vigia ingest - --format acled-csv --url http://ingest:8080
`;

export type ProgressMode = 'auto' | 'bar' | 'plain' | 'none';

export type IngestTarget =
  | { readonly kind: 'http'; readonly url: string; readonly apiKey: string; readonly retries: number }
  | { readonly kind: 'direct'; readonly namespace?: string; readonly publisher?: string; readonly logLevel: string };

/** The options of one `vigia ingest` run, with defaults applied and checked once. */
export interface IngestOptions {
  readonly file: string;
  readonly format: ReaderFormat;
  readonly target: IngestTarget;
  readonly batchRecords: number;
  readonly batchBytes: number;
  readonly maxRecordBytes: number;
  readonly progress: ProgressMode;
  readonly progressIntervalMs: number;
  readonly showRejected: number;
  readonly json: boolean;
}

/** Every flag of `vigia ingest`; the help text documents each one (a unit test checks). */
export const ingestOptionSpec = {
  format: { type: 'string' },
  url: { type: 'string' },
  'api-key': { type: 'string' },
  direct: { type: 'boolean' },
  namespace: { type: 'string' },
  publisher: { type: 'string' },
  'batch-records': { type: 'string' },
  'batch-bytes': { type: 'string' },
  'max-record-bytes': { type: 'string' },
  retries: { type: 'string' },
  progress: { type: 'string' },
  'progress-interval-ms': { type: 'string' },
  'show-rejected': { type: 'string' },
  json: { type: 'boolean' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `{ help: true }` when help was asked for, else the compiled options; throws a usage error. */
export function parseIngestArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { readonly help: true } | { readonly help: false; readonly options: IngestOptions } {
  const { values, positionals } = parseArgsStrict(
    () => parseArgs({ args: [...args], options: ingestOptionSpec, allowPositionals: true, strict: true }),
    'ingest',
  );
  if (values.help === true) return { help: true };
  if (positionals.length !== 1) {
    throw usageError(
      positionals.length === 0 ? 'vigia ingest needs a file (or - for standard input)' : `vigia ingest takes one file, got ${positionals.length}`,
    );
  }
  const file = positionals[0]!;
  if (file === '-' && values.format === undefined) throw usageError('reading standard input (-) needs --format');

  let format: ReaderFormat | undefined;
  try {
    format = values.format === undefined ? readerFormatOfFileName(file) : readerFormatOfName(values.format);
  } catch (error) {
    throw usageError(`--format: ${(error as Error).message}`);
  }
  // Detected from the extension, CSV flavor is left to the header; named, it is forced.
  if (format === undefined) {
    throw usageError(`cannot tell the format of ${JSON.stringify(file)} from its extension; pass --format json, ndjson, csv or acled-csv`);
  }

  const direct = values.direct === true;
  if (direct && values.url !== undefined) throw usageError('--url and --direct exclude each other: send through the API or straight to the Bus');
  if (!direct && values.url === undefined) throw usageError('say where the records go: --url <ingest API> or --direct (the Bus)');
  let target: IngestTarget;
  if (direct) {
    for (const flag of ['api-key', 'retries'] as const) {
      if (values[flag] !== undefined) throw usageError(`--${flag} applies to --url only`);
    }
    if (values.namespace !== undefined && !namespacePattern.test(values.namespace)) {
      throw usageError('--namespace must be 1-63 lower-case letters, digits or inner dashes');
    }
    target = {
      kind: 'direct',
      logLevel: values['log-level'] ?? 'warn',
      ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
      ...(values.publisher === undefined ? {} : { publisher: values.publisher }),
    };
  } else {
    for (const flag of ['namespace', 'publisher'] as const) {
      if (values[flag] !== undefined) throw usageError(`--${flag} applies to --direct only; the API records the key's id`);
    }
    const url = values.url!;
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw usageError(`--url must be an http(s) URL, got ${JSON.stringify(url)}`);
    const apiKey = values['api-key'] ?? env.VIGIA_API_KEY;
    if (apiKey === undefined || apiKey.trim() === '') throw usageError('--url needs an API key: pass --api-key or set VIGIA_API_KEY');
    target = { kind: 'http', url: url.replace(/\/+$/, ''), apiKey: apiKey.trim(), retries: count(values.retries, 'retries', 5, 0, 100) };
  }

  const progress = values.progress ?? 'auto';
  if (!['auto', 'bar', 'plain', 'none'].includes(progress)) throw usageError('--progress must be auto, bar, plain or none');
  return {
    help: false,
    options: {
      file,
      format,
      target,
      batchRecords: count(values['batch-records'], 'batch-records', 500, 1, 1_000_000),
      batchBytes: count(values['batch-bytes'], 'batch-bytes', 1024 * 1024, 1024, 1024 ** 3),
      maxRecordBytes: count(values['max-record-bytes'], 'max-record-bytes', 256 * 1024, 1024, 512 * 1024),
      progress: progress as ProgressMode,
      progressIntervalMs: count(values['progress-interval-ms'], 'progress-interval-ms', 5000, 100, 3_600_000),
      showRejected: count(values['show-rejected'], 'show-rejected', 20, 0, 1_000_000),
      json: values.json === true,
    },
  };
}
