import { stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createBus, createEmbeddedBus, parseBusConfig, type Bus } from '@vigia/bus';
import { buildReports, compileReplayOptions, createInputDecoder, createReplay, loadReplayRuleSet, ReplayNormalizer, type ReplayRuleSet } from '@vigia/replay';
import { defaultRulesUrl } from '@vigia/rules';
import { isVigiaError, topicName, type EventChange } from '@vigia/schemas';
import { createLogger, type LogLevel } from '@vigia/service-kit';
import { CliError } from '../cli-errors.ts';
import type { CliIo } from '../cli-io.ts';
import { ProgressReporter } from '../ingest/progress.ts';
import { fileErrorLines, readRuleFileText } from '../rules/rule-file-text.ts';
import { publishReplayAlerts } from './publish-alerts.ts';
import type { ReplayCliOptions } from './replay-args.ts';
import { fileFormat, openFiles, topicChanges, type SourceProgress } from './replay-sources.ts';
import { writeReports } from './write-reports.ts';

/** Replaceable parts, for tests. */
export interface ReplayRunDeps {
  /** Aborts the replay (default: on SIGINT or SIGTERM); nothing is written then. */
  readonly interrupt?: AbortSignal;
}

export const replayExitCodes = { ok: 0, failed: 1, interrupted: 130 } as const;

/** Records that change event time by more than the normalizer's largest tolerance are read from this far before the warm-up. */
const maxFutureToleranceMs = 31 * 86_400_000;

/**
 * `vigia replay`: history from topics or files through the replay cores,
 * reports written whole at the end. Returns the exit status.
 */
export async function runReplay(options: ReplayCliOptions, io: CliIo, deps: ReplayRunDeps = {}): Promise<number> {
  const nowMs = io.nowMs ?? (() => performance.now());
  const startedMs = nowMs();
  const ruleSets = await loadRuleSets(options.rulesFiles);
  const compiled = compileReplayOptions({
    from: options.from,
    to: options.to,
    ruleSets,
    ...(options.warmupDays === undefined ? {} : { warmupDays: options.warmupDays }),
    ...(options.regions === undefined && options.metrics === undefined
      ? {}
      : {
          series: {
            ...(options.regions === undefined ? {} : { regions: options.regions }),
            ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
          },
        }),
  });
  const signals = deps.interrupt === undefined ? untilSignal() : { signal: deps.interrupt, release: () => undefined };
  const mode = options.progress === 'auto' ? (io.stderr.isTTY === true ? 'bar' : 'plain') : options.progress;
  const progress = new ProgressReporter({ stream: io.stderr, mode, intervalMs: options.progressIntervalMs, nowMs });
  const normalizer = new ReplayNormalizer();
  const replay = createReplay(compiled);
  let where: SourceProgress = { unit: 'bytes', read: 0, total: undefined };
  const show = () =>
    progress.update({
      bytesRead: where.read,
      totalBytes: where.total,
      unit: where.unit,
      accepted: replay.stats.changes,
      rejected: sumOf(normalizer.rejected),
      elapsedMs: nowMs() - startedMs,
    });
  let bus: Bus | undefined;
  try {
    let changes: AsyncIterable<EventChange>;
    if (options.sources[0]?.kind === 'file') {
      changes = fileChanges(options, normalizer, (next) => (where = next));
    } else {
      bus = await openBus(options, io);
      const topic = topicName('vigia.events.v1', options.namespace === undefined ? {} : { namespace: options.namespace });
      const startMs = compiled.processFrom === '' ? undefined : Date.parse(`${compiled.processFrom}T00:00:00Z`) - maxFutureToleranceMs;
      changes = topicChanges(
        bus,
        topic,
        startMs,
        (next) => (where = next),
        () => normalizer.reject('SCHEMA_INVALID'),
      );
    }
    let sinceShown = 0;
    for await (const change of changes) {
      replay.push(change);
      if (++sinceShown >= 2000) {
        sinceShown = 0;
        show();
        if (signals.signal.aborted) break;
      }
    }
    show();
    if (signals.signal.aborted) {
      progress.finish();
      io.stderr.write('vigia replay: interrupted; no report was written\n');
      return replayExitCodes.interrupted;
    }
    const result = replay.finish();
    const reports = buildReports(result, compiled);
    progress.finish();
    const written = await writeReports(options.out, reports.files);
    let published: { readonly topic: string; readonly records: number } | undefined;
    if (options.writeNamespace !== undefined) {
      bus ??= await openBus(options, io);
      const first = compiled.ruleSets[0]!.name;
      published = await publishReplayAlerts(bus, options.writeNamespace, result.transitions.get(first) ?? [], compiled);
    }
    const rejected = [...normalizer.rejected].sort(([a], [b]) => (a < b ? -1 : 1)).map(([reason, count]) => `${reason} ${count}`);
    io.stdout.write(
      `Replayed ${result.stats.changes} event changes (${result.stats.outOfRange} outside ${compiled.processFrom || 'the start'}…${compiled.to})` +
        `${rejected.length === 0 ? '' : `, rejected by the normalizer: ${rejected.join(', ')}`}; watermark ${result.stats.watermark ?? 'none'}.\n`,
    );
    for (const [name, episodes] of reports.alerts)
      io.stdout.write(`Rules ${name}: ${episodes.length} alerts would have fired from ${compiled.from} to ${compiled.to}.\n`);
    for (const diff of reports.diffs) io.stdout.write(`\n${diff.markdown}`);
    io.stdout.write(`\nReports: ${written.map((path) => basename(path)).join(', ')} in ${options.out}\n`);
    if (published !== undefined)
      io.stdout.write(`Alert transitions of rules ${compiled.ruleSets[0]!.name}: ${published.records} written to ${published.topic} (not to notify).\n`);
    return replayExitCodes.ok;
  } finally {
    progress.finish();
    signals.release();
    await bus?.close().catch(() => undefined);
  }
}

async function* fileChanges(
  options: ReplayCliOptions,
  normalizer: ReplayNormalizer,
  onProgress: (progress: SourceProgress) => void,
): AsyncGenerator<EventChange> {
  const paths = options.sources.flatMap((source) => (source.kind === 'file' ? [source.path] : []));
  const { inputs, totalBytes } = await openFiles(paths);
  let before = 0;
  for (const [index, input] of inputs.entries()) {
    const decoder = createInputDecoder(await fileFormat(paths[index]!, options.format), { normalizer, fileName: input.name, receivedAt: options.receivedAt });
    for await (const chunk of input.chunks()) {
      onProgress({ unit: 'bytes', read: before + input.bytesRead, total: totalBytes });
      yield* decoder.push(chunk);
    }
    yield* decoder.end();
    before += input.bytesRead;
  }
  onProgress({ unit: 'bytes', read: before, total: totalBytes });
}

/** Each file's rule set, named by its base name (A, B… when two share one); the built-in set without --rules. */
async function loadRuleSets(files: readonly string[]): Promise<ReplayRuleSet[]> {
  const sources =
    files.length === 0
      ? [{ name: 'default', location: defaultRulesUrl as URL | string }]
      : files.map((file) => ({ name: basename(file, extname(file)), location: file as URL | string }));
  const names = sources.map((source) => source.name);
  const unique = names.map((name, index) =>
    names.indexOf(name) === index && names.lastIndexOf(name) === index ? name : `${name}-${String.fromCharCode(97 + index)}`,
  );
  const ruleSets: ReplayRuleSet[] = [];
  for (const [index, source] of sources.entries()) {
    const loaded = loadReplayRuleSet(unique[index]!, await readRuleFileText(source.location, 'rule file'));
    if (!loaded.ok) {
      throw new CliError('VIGIA_CLI_RULES_INVALID', `the rule file ${String(source.location)} does not load:\n${fileErrorLines(loaded.errors)}`, {
        context: { file: String(source.location) },
      });
    }
    ruleSets.push(loaded.ruleSet);
  }
  return ruleSets;
}

/**
 * The Bus a replay reads its topic source from, or (a file source with
 * --write-namespace) writes to: Kafka for `--source kafka` or, for files, when
 * KAFKA_BROKERS is set; the embedded log in --data-dir otherwise, which a
 * write may create.
 */
async function openBus(options: ReplayCliOptions, io: CliIo): Promise<Bus> {
  const logger = createLogger({ name: 'vigia-replay', level: options.logLevel as LogLevel, destination: { write: (line: string) => io.stderr.write(line) } });
  const source = options.sources[0]?.kind;
  try {
    if (source === 'kafka' || (source === 'file' && (io.env.KAFKA_BROKERS ?? '') !== '')) return await createBus(parseBusConfig(io.env), logger);
    const dataDir = options.dataDir ?? io.env.VIGIA_DATA_DIR ?? join('.vigia', 'data');
    const info = await stat(dataDir).catch(() => undefined);
    if (source !== 'file' && info?.isDirectory() !== true)
      throw new CliError('VIGIA_CLI_INPUT_UNREADABLE', `no embedded log at ${dataDir}; pass --data-dir (vigia up prints where its log is)`, {
        context: { dataDir },
      });
    return await createEmbeddedBus({ dataDir, logger });
  } catch (error) {
    if (error instanceof CliError) throw error;
    const locked = isVigiaError(error, 'VIGIA_BUS_DATA_DIR_LOCKED')
      ? ' (a running pipeline has the embedded log open: stop it, or replay a copy of its data directory)'
      : '';
    throw new CliError('VIGIA_CLI_INPUT_UNREADABLE', `cannot open the Bus: ${(error as Error).message}${locked}`, { cause: error });
  }
}

function untilSignal(): { readonly signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    },
  };
}

function sumOf(counts: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}
