import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createAggregatorService } from '@vigia/aggregator';
import { createAlerterService } from '@vigia/alerter';
import { createBus, createEmbeddedBus, parseBusConfig, type Bus } from '@vigia/bus';
import { createIngestApp, defaultIngestLimits, hashApiKey, parseApiKeyEntry } from '@vigia/ingest';
import { createNormalizerStage } from '@vigia/normalizer';
import { defaultRulesUrl, maxRuleFileChars } from '@vigia/rules';
import { topicName, topicSpecs } from '@vigia/schemas';
import { createLogger, Lifecycle, MetricsRegistry, readConfigFile, type LogLevel } from '@vigia/service-kit';
import { CliError, usageError } from '../cli-errors.ts';
import type { CliIo } from '../cli-io.ts';
import { AlertPrinter } from './alert-printer.ts';
import { waitForCaughtUp, type GroupInput } from './caught-up.ts';
import { loadScenario } from './load-scenario.ts';
import { serviceProcesses } from './service-processes.ts';
import { tallyTopic } from './topic-tally.ts';
import { formatSummary } from './up-summary.ts';
import type { UpOptions } from './up-args.ts';

/** Replaceable parts, for tests. */
export interface UpRunDeps {
  /** Resolves when the user asks to stop a `--follow` run (default: SIGINT or SIGTERM). */
  readonly untilInterrupted?: () => Promise<void>;
}

/**
 * `vigia up`: every stage in one process on one Bus — the same factories the
 * services' own `main.ts` use — with a scenario loaded through the ingest core
 * and alerts printed as they fire. Without `--follow` it returns once every
 * stage has processed everything, after a summary.
 */
export async function runUp(options: UpOptions, io: CliIo, deps: UpRunDeps = {}): Promise<number> {
  const runId = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  const logger = createLogger({
    name: 'vigia-up',
    level: options.logLevel as LogLevel,
    destination: { write: (line: string) => io.stderr.write(line) },
  });
  const color = options.color ?? io.stdout.isTTY === true;
  const say = (text: string) => io.stderr.write(`${text}\n`);
  const kafka = io.env['KAFKA_BROKERS'] !== undefined && io.env['KAFKA_BROKERS'] !== '';
  if (options.processes && !kafka) throw usageError('--processes needs KAFKA_BROKERS: the embedded log belongs to one process');
  const namespace = options.namespace ?? (kafka ? `up-${runId}` : undefined);
  const dataDir = options.dataDir ?? join('.vigia', 'up', runId);
  const bus: Bus = kafka
    ? await createBus(parseBusConfig(io.env), logger)
    : await mkdir(dataDir, { recursive: true }).then(() => createEmbeddedBus({ dataDir, logger }));
  say(kafka ? `vigia up: Kafka at ${io.env['KAFKA_BROKERS']}, topics in namespace ${namespace}` : `vigia up: embedded log in ${dataDir}`);

  const metrics = new MetricsRegistry({ logger });
  const lifecycle = new Lifecycle({ logger, graceTimeoutMs: 20_000, forceTimeoutMs: 25_000 });
  const inNamespace = namespace === undefined ? {} : { namespace };
  const normalizer = createNormalizerStage({ bus, logger, metrics, ...inNamespace });
  const aggregator = createAggregatorService({ bus, logger, metrics, ...inNamespace, query: options.follow ? {} : false });
  const rulesText = await readConfigFile(options.rulesFile ?? defaultRulesUrl, { maxBytes: maxRuleFileChars });
  const alerter = createAlerterService({
    bus,
    logger,
    metrics,
    ...inNamespace,
    rulesText,
    // A scenario replays years of history: wall-clock ticks would judge 2014 by today.
    ...(options.follow ? {} : { schedules: false as const }),
  });
  if (options.processes) {
    // The services' own processes; these objects only name their groups and topics here.
    await bus.admin.ensureTopics(topicSpecs(inNamespace));
    const env = {
      ...io.env,
      ...(namespace === undefined ? {} : { VIGIA_NAMESPACE: namespace }),
      LOG_LEVEL: options.logLevel,
      VIGIA_OPS_PORT: '0',
      VIGIA_HTTP_PORT: '0',
      ...(options.rulesFile === undefined ? {} : { VIGIA_ALERTER_RULES_FILE: options.rulesFile }),
      ...(options.follow ? {} : { VIGIA_ALERTER_TICK_CRON: 'off', VIGIA_ALERTER_DIGEST_CRON: 'off' }),
    };
    const spec = (name: string) => ({ name, packageName: `@vigia/${name}`, env: { ...env, VIGIA_INSTANCE_ID: `${name}-${runId}` } });
    lifecycle.add(serviceProcesses([spec('normalizer'), spec('aggregator'), spec('alerter')], io.stderr));
  } else {
    lifecycle.add(normalizer).add(aggregator).add(alerter);
  }
  // A key for this run only, printed once: publishers can try the API at once.
  const apiKey = randomBytes(18).toString('base64url');
  const ingestApp = options.follow
    ? createIngestApp({
        bus,
        logger,
        metrics,
        config: {
          ...defaultIngestLimits,
          apiKeys: [parseApiKeyEntry(`vigia-up:publisher:${hashApiKey(apiKey)}`)],
          host: '127.0.0.1',
          port: options.port,
          ...inNamespace,
        },
      })
    : undefined;
  if (ingestApp !== undefined) lifecycle.add(ingestApp);

  const alertsTopic = topicName('vigia.alerts.v1', inNamespace);
  const printer = new AlertPrinter({ bus, topic: alertsTopic, groupId: `vigia-up-console-${runId}`, out: io.stdout, color, allTransitions: options.allTransitions });
  try {
    await lifecycle.start();
    await printer.start();
    say(`vigia up: loading scenario ${options.scenario} (seed ${options.seed}, ${options.count} reports)`);
    const loaded = await loadScenario({
      bus,
      logger,
      namespace,
      scenario: options.scenario,
      count: options.count,
      seed: options.seed,
      onProgress: (submitted, accepted, rejected) => {
        if (io.stderr.isTTY === true) io.stderr.write(`\r  ingested ${submitted} reports: ${accepted} accepted, ${rejected} rejected`);
      },
    });
    if (io.stderr.isTTY === true) io.stderr.write('\n');
    say(`vigia up: ${loaded.submitted} reports ingested (${loaded.accepted} accepted, ${loaded.rejected} rejected at ingest); processing…`);

    const stages: GroupInput[] = [
      { groupId: normalizer.groupId, topic: normalizer.topics.raw },
      { groupId: aggregator.groupIds.fanOut, topic: aggregator.topics.events },
      { groupId: aggregator.groupIds.aggregate, topic: aggregator.topics.contributions },
      { groupId: alerter.groupIds.regions, topic: alerter.topics.indicators },
      { groupId: alerter.groupIds.regions, topic: alerter.topics.contributions },
      { groupId: alerter.groupIds.events, topic: alerter.topics.events },
      { groupId: `vigia-up-console-${runId}`, topic: alertsTopic },
    ];
    await Promise.race([
      waitForCaughtUp(bus, stages, { signal: AbortSignal.timeout(600_000) }),
      lifecycle.finished.then((outcome) =>
        Promise.reject(new CliError('VIGIA_CLI_PIPELINE_STALLED', 'a stage stopped before the scenario was processed', { cause: outcome.errors[0] })),
      ),
    ]);
    const [changes, rejections] = await Promise.all([
      tallyTopic(bus, topicName('vigia.events.v1', inNamespace), (value) => value.type),
      tallyTopic(bus, topicName('vigia.events.dlq.v1', inNamespace), (value) => value.reason ?? value.type),
    ]);
    io.stdout.write(formatSummary({ loaded, changes, rejections, firing: printer.firing(), color }));
    if (options.follow) {
      say(`vigia up: following; ingest API at ${ingestApp?.address?.url ?? '(not started)'} with API key ${apiKey}; Ctrl-C stops`);
      await (deps.untilInterrupted ?? untilSignal)();
    }
    return 0;
  } finally {
    await printer.stop();
    const outcome = await lifecycle.stop();
    await bus.close();
    if (outcome.exitCode !== 0) say(`vigia up: a stage failed; see the log above`);
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
