import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createAggregatorService } from '@vigia/aggregator';
import { createAlerterService } from '@vigia/alerter';
import { createBus, createEmbeddedBus, parseBusConfig, type Bus } from '@vigia/bus';
import { createNormalizerStage } from '@vigia/normalizer';
import { defaultRulesUrl, maxRuleFileChars } from '@vigia/rules';
import { topicName, topicSpecs } from '@vigia/schemas';
import {
  createLogger,
  Lifecycle,
  lifecycleReadinessCheck,
  MetricsRegistry,
  OpsServer,
  Readiness,
  readConfigFile,
  registerProcessMetrics,
  type LogLevel,
} from '@vigia/service-kit';
import { CliError, usageError } from '../cli-errors.ts';
import type { CliIo } from '../cli-io.ts';
import { AlertPrinter } from './alert-printer.ts';
import { pipelineGroupInputs, waitForCaughtUp, type GroupInput } from './caught-up.ts';
import { dataNotice } from './data-usage.ts';
import { followEndpoints } from './follow-endpoints.ts';
import { processingProgress } from './processing-progress.ts';
import { loadScenario, type LoadedScenario } from './load-scenario.ts';
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
  registerProcessMetrics(metrics);
  const readiness = new Readiness();
  const lifecycle = new Lifecycle({ logger, graceTimeoutMs: 20_000, forceTimeoutMs: 25_000 });
  readiness.add('lifecycle', lifecycleReadinessCheck(lifecycle));
  // The run's own /healthz, /readyz and /metrics, as every deployed service has.
  const ops = new OpsServer({ logger, metrics, readiness, port: options.opsPort });
  lifecycle.add(ops);
  const inNamespace = namespace === undefined ? {} : { namespace };
  const normalizer = createNormalizerStage({ bus, logger, metrics, ...inNamespace });
  const aggregator = createAggregatorService({ bus, logger, metrics, ...inNamespace, query: options.follow ? { port: options.queryPort } : false });
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
  const endpoints = options.follow
    ? await followEndpoints({
        bus,
        logger,
        metrics,
        readiness,
        namespace,
        runId,
        ingestPort: options.port,
        consolePort: options.consolePort,
        queryUrl: () => aggregator.queryUrl,
      })
    : undefined;
  if (endpoints !== undefined) lifecycle.add(endpoints.ingest).add(endpoints.console);

  const alertsTopic = topicName('vigia.alerts.v1', inNamespace);
  const printer = new AlertPrinter({
    bus,
    topic: alertsTopic,
    groupId: `vigia-up-console-${runId}`,
    out: io.stdout,
    color,
    allTransitions: options.allTransitions,
  });
  try {
    await lifecycle.start();
    await printer.start();
    say(`vigia up: /healthz, /readyz and /metrics at ${ops.address?.url ?? '(not started)'}`);
    if (endpoints !== undefined) {
      say(`vigia up: ingest API   ${endpoints.ingest.address?.url ?? '?'}  (publisher key ${endpoints.keys.publisher})`);
      say(`vigia up: query API    ${aggregator.queryUrl ?? '?'}  (GET /v1/indicators, /v1/series)`);
      say(
        `vigia up: console      ${endpoints.console.address?.url ?? '?'}  (operator key ${endpoints.keys.operator}; VIGIA_CONSOLE_URL and VIGIA_CONSOLE_KEY for vigia alerts)`,
      );
    }
    const { scenario } = options;
    let loaded: LoadedScenario = { submitted: 0, accepted: 0, rejected: 0 };
    if (scenario === 'none') {
      say('vigia up: no scenario (--scenario none): every service starts empty');
    } else {
      say(`vigia up: loading scenario ${scenario} (seed ${options.seed}, ${options.count} reports)`);
      loaded = await loadScenario({
        bus,
        logger,
        namespace,
        scenario,
        count: options.count,
        seed: options.seed,
        onProgress: (submitted, accepted, rejected) => {
          if (io.stderr.isTTY === true) io.stderr.write(`\r  ingested ${submitted} reports: ${accepted} accepted, ${rejected} rejected`);
        },
      });
      if (io.stderr.isTTY === true) io.stderr.write('\n');
      say(`vigia up: ${loaded.submitted} reports ingested (${loaded.accepted} accepted, ${loaded.rejected} rejected at ingest); processing…`);
    }

    const stages: GroupInput[] = [...pipelineGroupInputs({ normalizer, aggregator, alerter }), { groupId: `vigia-up-console-${runId}`, topic: alertsTopic }];
    const progress = processingProgress(io.stderr, io.nowMs ?? (() => performance.now()));
    await Promise.race([
      waitForCaughtUp(bus, stages, { signal: AbortSignal.timeout(600_000), onLag: progress.update }).finally(progress.done),
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
      say('vigia up: following; Ctrl-C stops');
      await (deps.untilInterrupted ?? untilSignal)();
    }
    return 0;
  } finally {
    await printer.stop();
    const outcome = await lifecycle.stop();
    await bus.close();
    if (outcome.exitCode !== 0) say(`vigia up: a stage failed; see the log above`);
    say(await dataNotice(kafka ? { namespace, brokers: io.env['KAFKA_BROKERS'] } : { dataDir }));
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
