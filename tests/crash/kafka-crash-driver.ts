/**
 * The crash-point driver on Kafka: the services run as separate processes —
 * each its own `main.ts`, as `vigia up --processes` runs them — while this
 * process ingests the scenario chunk by chunk through the ingest core. At
 * random moments a random service is SIGKILLed and started again. Once every
 * kill is done and the stages caught up, the topics of the run's namespace are
 * audited with the same `auditPipeline` as the embedded runs.
 *
 * Each kill costs about a session timeout (30 s): the group waits for the dead
 * member to time out before the restarted one gets its partitions.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createAggregatorService } from '@vigia/aggregator';
import { createAlerterService } from '@vigia/alerter';
import { createKafkaBus } from '@vigia/bus';
import { lagOf, pipelineGroupInputs } from '@vigia/cli';
import { createIngestCore } from '@vigia/ingest';
import { createNormalizerStage } from '@vigia/normalizer';
import { defaultRulesUrl } from '@vigia/rules';
import { pino } from 'pino';
import { auditPipeline, type PipelineAudit } from './pipeline-audit.ts';
import { chunkLines, submitChunk, type ChildOptions, type KillSchedule } from './pipeline-topics.ts';

const requireFrom = createRequire(import.meta.url);
const services = ['normalizer', 'aggregator', 'alerter'] as const;
type ServiceName = (typeof services)[number];

export interface KafkaCrashRunOptions extends Omit<ChildOptions, 'dataDir' | 'stopWhenCaughtUp'>, KillSchedule<ServiceName> {
  readonly brokers: readonly string[];
}

export interface KafkaCrashRunResult {
  readonly namespace: string;
  readonly audit: PipelineAudit;
  readonly kills: Readonly<Record<ServiceName, number>>;
  readonly ackedChunks: number;
}

/** One service process; `exited` resolves with how it ended. */
function startService(name: ServiceName, env: NodeJS.ProcessEnv, log: (line: string) => void) {
  const entry = join(dirname(requireFrom.resolve(`@vigia/${name}`)), 'main.ts');
  const child: ChildProcess = spawn(process.execPath, [entry], {
    env: { ...env, VIGIA_INSTANCE_ID: `${name}-${randomUUID()}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => log(`${name}: ${chunk.toString().trimEnd()}`));
  return { child, exited: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]> };
}

export async function runKafkaWithCrashes(options: KafkaCrashRunOptions): Promise<KafkaCrashRunResult> {
  const logger = pino({ level: 'silent' });
  const namespace = `crash-${randomUUID().slice(0, 8)}`;
  const bus = createKafkaBus({ brokers: [...options.brokers], clientId: 'vigia-crash-driver' }, logger);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: options.brokers.join(','),
    VIGIA_NAMESPACE: namespace,
    LOG_LEVEL: 'error',
    VIGIA_OPS_PORT: '0',
    VIGIA_HTTP_PORT: '0',
    VIGIA_ALERTER_TICK_CRON: 'off',
    VIGIA_ALERTER_DIGEST_CRON: 'off',
    NODE_COMPILE_CACHE: process.env['NODE_COMPILE_CACHE'] ?? join(tmpdir(), 'vigia-crash-compile-cache'),
  };
  const errors: string[] = [];
  const running = new Map(services.map((name) => [name, startService(name, env, (line) => errors.push(line))]));
  const kills = { normalizer: 0, aggregator: 0, alerter: 0 };
  try {
    const core = createIngestCore({ bus, logger, namespace });
    await core.ensureTopics();
    let acked = 0;
    const ingesting = (async () => {
      for (const [index, lines] of chunkLines(options).entries()) {
        await submitChunk(core, index, lines);
        acked += 1;
      }
    })();
    for (let killPoint = 1; killPoint <= options.killPoints; killPoint++) {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(options.random() * options.maxKillDelayMs)));
      const name = services[Math.floor(options.random() * services.length)]!;
      const { child, exited } = running.get(name)!;
      child.kill('SIGKILL');
      await exited;
      kills[name] += 1;
      running.set(
        name,
        startService(name, env, (line) => errors.push(line)),
      );
      options.onKill?.(killPoint, name);
    }
    await ingesting;

    // The stage objects only name the groups and topics here, as in `vigia up --processes`.
    const stages = pipelineGroupInputs({
      normalizer: createNormalizerStage({ bus, logger, namespace }),
      aggregator: createAggregatorService({ bus, logger, namespace, query: false }),
      alerter: createAlerterService({ bus, logger, namespace, rulesText: await readFile(defaultRulesUrl, 'utf8'), schedules: false }),
    });
    for (let quiet = 0; quiet < 2; ) {
      for (const [name, { child }] of running) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited on its own:\n${errors.slice(-20).join('\n')}`);
      }
      const lags = await Promise.all(stages.map((stage) => lagOf(bus, stage)));
      quiet = lags.every((lag) => lag === 0) ? quiet + 1 : 0;
      if (quiet < 2) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return { namespace, audit: await auditPipeline(bus, namespace), kills, ackedChunks: acked };
  } finally {
    await Promise.all(
      [...running.values()].map(async ({ child, exited }) => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      }),
    );
    const topics = (await bus.admin.listTopics()).filter((name) => name.startsWith(`${namespace}.`));
    await bus.admin.deleteTopics(topics);
    await bus.close();
  }
}
