import { parseArgs } from 'node:util';
import { readerFormatOfFileName, readerFormatOfName } from '@vigia/ingest';
import type { ReplayInputFormat } from '@vigia/replay';
import { isoDateSchema, namespacePattern } from '@vigia/schemas';
import { usageError } from '../cli-errors.ts';
import type { ProgressMode } from '../ingest/ingest-args.ts';
import { parseArgsStrict, wholeNumberFlag } from '../parse-args.ts';

export const replayHelp = `Usage: vigia replay --from <day> --to <day> [options]

Replays history through the same normalizer, indicator and rule cores as the live pipeline,
in this process (no broker round trip per record, no clock: time is the input's watermark),
and writes reports: the alerts that would have fired, indicator series, and with two or more
--rules files the diff of each against the first (a backtest). It never writes to a live
topic: only --write-namespace writes, to topics of that namespace. The same input and rules
write byte-identical reports.

Range:
  --from <day>                first day reported, YYYY-MM-DD (event time)
  --to <day>                  last day processed and reported; later events are left out
  --warmup-days <n>           history before --from to process so windows and baselines are
                              full (default: all of it; alerts before --from are not reported)

Input (--source, repeatable; default kafka when KAFKA_BROKERS is set, else embedded):
  --source kafka              vigia.events.v1 on the cluster of KAFKA_BROKERS, every partition
                              read in timestamp order from the offsets of the warm-up's start
  --source embedded           vigia.events.v1 of the embedded log in --data-dir
  --source <file>             a file: event changes (vigia.events.v1 values) or canonical
                              events as NDJSON, or field reports (NDJSON, JSON, CSV, ACLED
                              CSV) which run through the normalizer
  --namespace <ns>            read the topics of this namespace (e.g. a vigia up run)
  --data-dir <dir>            embedded log (default: environment VIGIA_DATA_DIR, else .vigia/data)
  --format <format>           format of every file: changes, canonical, ndjson, json, csv or
                              acled-csv (default: from the extension; .ndjson files are
                              recognised from their first line)
  --received-at <instant>     when field reports without reportedAt are taken as received
                              (default: the day after --to, 00:00Z)

Rules and reports:
  --rules <file>              alert rules YAML, repeatable (default: the built-in rule set);
                              the first is A, each other one is diffed against it
  --regions <codes>           regions of the series report, comma-separated (e.g. PE,12,zone:vraem)
  --metrics <ids>             metrics of the series report, comma-separated (default: all of
                              the chosen regions'); either flag writes series.csv and
                              series.parquet
  --out <dir>                 report folder (default replay-<from>-<to>); files are replaced
                              whole: alerts.{csv,json,md} (alerts-<rules>.* with several rule
                              files), diff-<a>-vs-<b>.{csv,md}, series.{csv,parquet}
  --write-namespace <ns>      also write the first rule set's alert transitions within the
                              range to <ns>.vigia.alerts.v1 (Kafka when KAFKA_BROKERS is set,
                              else the embedded log in --data-dir), marked not to notify: browse
                              them with VIGIA_NAMESPACE=<ns> vigia console

Output:
  --progress <mode>           auto, bar, plain or none (default auto: a bar on a terminal,
                              a line every --progress-interval-ms otherwise)
  --progress-interval-ms <n>  interval of plain progress lines (default 5000)
  --log-level <level>         Bus logs on stderr (default warn)
  -h, --help                  show this help

Ctrl-C stops the replay and writes no report. Exit status: 0 reports written, 1 failure,
2 usage error, 130 interrupted.

Examples:
  vigia replay --from 2020-01-01 --to 2022-12-31 --source kafka
  vigia replay --from 2020-01-01 --to 2020-12-31 --source scenario.ndjson \\
    --rules rules-15pct.yaml --rules rules-10pct.yaml --out backtest
  vigia replay --from 2021-01-01 --to 2021-12-31 --regions zone:vraem --metrics incidents.count
`;

export type ReplaySource = { readonly kind: 'kafka' } | { readonly kind: 'embedded' } | { readonly kind: 'file'; readonly path: string };

/** The options of one `vigia replay` run, with defaults applied and checked once. */
export interface ReplayCliOptions {
  readonly from: string;
  readonly to: string;
  readonly warmupDays: number | undefined;
  readonly sources: readonly ReplaySource[];
  readonly namespace: string | undefined;
  readonly dataDir: string | undefined;
  readonly format: ReplayInputFormat | undefined;
  readonly receivedAt: string;
  readonly rulesFiles: readonly string[];
  readonly regions: readonly string[] | undefined;
  readonly metrics: readonly string[] | undefined;
  readonly out: string;
  readonly writeNamespace: string | undefined;
  readonly progress: ProgressMode;
  readonly progressIntervalMs: number;
  readonly logLevel: string;
}

/** Every flag of `vigia replay`; the help text documents each one (a unit test checks). */
export const replayOptionSpec = {
  from: { type: 'string' },
  to: { type: 'string' },
  'warmup-days': { type: 'string' },
  source: { type: 'string', multiple: true },
  namespace: { type: 'string' },
  'data-dir': { type: 'string' },
  format: { type: 'string' },
  'received-at': { type: 'string' },
  rules: { type: 'string', multiple: true },
  regions: { type: 'string', multiple: true },
  metrics: { type: 'string', multiple: true },
  out: { type: 'string' },
  'write-namespace': { type: 'string' },
  progress: { type: 'string' },
  'progress-interval-ms': { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseReplayArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { readonly help: true } | { readonly help: false; readonly options: ReplayCliOptions } {
  const { values } = parseArgsStrict(() => parseArgs({ args: [...args], options: replayOptionSpec, strict: true }), 'replay');
  if (values.help === true) return { help: true };
  const from = day(values.from, 'from');
  const to = day(values.to, 'to');
  if (from > to) throw usageError(`--from ${from} is after --to ${to}`);
  const kafkaSet = (env.KAFKA_BROKERS ?? '') !== '';
  const sources = (values.source ?? [kafkaSet ? 'kafka' : 'embedded']).map((source): ReplaySource => {
    if (source === 'kafka') {
      if (!kafkaSet) throw usageError('--source kafka needs KAFKA_BROKERS (host:port,…)');
      return { kind: 'kafka' };
    }
    return source === 'embedded' ? { kind: 'embedded' } : { kind: 'file', path: source };
  });
  const files = sources.filter((source) => source.kind === 'file');
  if (files.length > 0 && files.length !== sources.length) throw usageError('--source: files and topics (kafka, embedded) cannot be mixed in one replay');
  if (sources.filter((source) => source.kind !== 'file').length > 1) throw usageError('--source: one topic source per replay (kafka or embedded)');
  if (values.namespace !== undefined && !namespacePattern.test(values.namespace))
    throw usageError('--namespace must be 1-63 lower-case letters, digits or inner dashes');
  if (values.namespace !== undefined && files.length > 0) throw usageError('--namespace applies to topic sources (kafka, embedded), not files');
  if (values.format !== undefined && files.length === 0) throw usageError('--format applies to --source <file> only');
  const writeNamespace = values['write-namespace'];
  if (writeNamespace !== undefined && !namespacePattern.test(writeNamespace))
    throw usageError('--write-namespace must be 1-63 lower-case letters, digits or inner dashes');
  if (writeNamespace !== undefined && writeNamespace === values.namespace)
    throw usageError('--write-namespace must differ from --namespace: a replay never writes into the topics it reads');
  for (const file of files) {
    if (values.format === undefined && !/\.(ndjson|jsonl)$/i.test(file.path) && readerFormatOfFileName(file.path) === undefined) {
      throw usageError(`cannot tell the format of ${JSON.stringify(file.path)} from its extension; pass --format`);
    }
  }
  const receivedAt = values['received-at'] ?? `${new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`;
  if (Number.isNaN(Date.parse(receivedAt)) || !/^\d{4}-\d\d-\d\dT/.test(receivedAt))
    throw usageError(`--received-at must be an RFC 3339 instant, got ${JSON.stringify(receivedAt)}`);
  const progress = values.progress ?? 'auto';
  if (!['auto', 'bar', 'plain', 'none'].includes(progress)) throw usageError('--progress must be auto, bar, plain or none');
  const list = (flag: readonly string[] | undefined) =>
    flag === undefined
      ? undefined
      : flag
          .flatMap((text) => text.split(','))
          .map((item) => item.trim())
          .filter((item) => item !== '');
  return {
    help: false,
    options: {
      from,
      to,
      warmupDays: values['warmup-days'] === undefined ? undefined : wholeNumberFlag(values['warmup-days'], 'warmup-days', 0, 0, 36_500),
      sources,
      namespace: values.namespace,
      dataDir: values['data-dir'],
      format: values.format === undefined ? undefined : formatOf(values.format),
      receivedAt,
      rulesFiles: values.rules ?? [],
      regions: list(values.regions),
      metrics: list(values.metrics),
      out: values.out ?? `replay-${from}-${to}`,
      writeNamespace,
      progress: progress as ProgressMode,
      progressIntervalMs: wholeNumberFlag(values['progress-interval-ms'], 'progress-interval-ms', 5000, 100, 3_600_000),
      logLevel: values['log-level'] ?? 'warn',
    },
  };
}

function formatOf(name: string): ReplayInputFormat {
  if (name === 'changes' || name === 'canonical') return { kind: name };
  try {
    return { kind: 'reports', format: readerFormatOfName(name) };
  } catch (error) {
    throw usageError(`--format must be changes, canonical, ndjson, json, csv or acled-csv: ${(error as Error).message}`);
  }
}

function day(text: string | undefined, flag: string): string {
  if (text === undefined) throw usageError(`--${flag} is required (YYYY-MM-DD)`);
  if (!isoDateSchema.safeParse(text).success) throw usageError(`--${flag} must be a day, YYYY-MM-DD, got ${JSON.stringify(text)}`);
  return text;
}
