import { defaultRetryOptions, withRetry, type Bus, type Processor, type RetryOptions, type Subscription } from '@vigia/bus';
import { regionByCode } from '@vigia/geo';
import { topicName, topicSpecs, type TopicName } from '@vigia/schemas';
import type { LifecycleComponent, MetricsRegistry, ReadinessVerdict, StartContext } from '@vigia/service-kit';
import type { Logger } from 'pino';
import { AlerterError } from './alerter-errors.ts';
import { createEvaluationStage, type EvaluationState, type EvaluationTopics } from './evaluation/evaluation-stage.ts';
import { eventEntries, regionEntries } from './evaluation/restore-partition.ts';
import { startActionForwarder } from './jobs/action-forwarder.ts';
import { defaultSchedules, JobScheduler, type AlerterSchedules } from './jobs/scheduler.ts';
import type { GroupingOptions } from './notify/alert-groups.ts';
import { Notifier } from './notify/notifier.ts';
import type { WebhookTarget } from './notify/webhook.ts';
import { RuleSet, type RuleSetStatus } from './rules/rule-set.ts';

export interface AlerterServiceOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly metrics?: MetricsRegistry;
  /** Replay namespace: every topic and group is prefixed with it. Default: the live topics. */
  readonly namespace?: string | undefined;
  /** The rule file's text (YAML). A file that does not load leaves the alerter running with no rules and reports it. */
  readonly rulesText: string;
  /** Transactions (exactly-once) on every stage. Default `true`. */
  readonly transactional?: boolean;
  readonly ensureTopics?: boolean;
  readonly replicationFactor?: number;
  /** Cron schedules; `false` runs no scheduler (replay, tests that request slots themselves). Default {@link defaultSchedules}. */
  readonly schedules?: AlerterSchedules | false;
  /** How far a partition's stream time may trail a wall-clock tick for the tick to move it. Default a week. */
  readonly tickLiveWindowMs?: number;
  /** Webhook receivers; none: no notifier. */
  readonly webhooks?: readonly WebhookTarget[];
  readonly notifyQueueSize?: number;
  /** Grouping of Alertmanager-format webhooks (group_by, group_wait, group_interval). */
  readonly notifyGrouping?: GroupingOptions;
  /** `receiver` of Alertmanager payloads. Default `vigia`. */
  readonly notifyReceiver?: string;
  /** The console's URL: `externalURL` and each alert's `generatorURL` in notifications. */
  readonly externalUrl?: string;
  readonly notifyRetry?: RetryOptions;
  readonly maxBatchRecords?: number;
  readonly retry?: RetryOptions;
  /** Wall clock for silence expiry on restore, digests and DLQ stamps; evaluation itself uses stream time. */
  readonly now?: () => Date;
}

export interface AlerterTopics extends EvaluationTopics {
  readonly indicators: string;
  readonly contributions: string;
  readonly events: string;
}

export interface AlerterService extends LifecycleComponent {
  readonly name: 'alerter';
  readonly topics: AlerterTopics;
  readonly groupIds: { readonly regions: string; readonly events: string; readonly actions: string; readonly notifier: string };
  readonly rules: RuleSet;
  /** Replaces the rules if `text` loads; otherwise logs line and field and keeps the rules in force. */
  reloadRules(text: string, source?: string): boolean;
  /** Readiness detail: ready unless the latest rule file was refused. */
  rulesReadiness(): ReadinessVerdict;
  readonly scheduler: JobScheduler | undefined;
  readonly notifier: Notifier | undefined;
  /** State per partition of the region stage (tests, diagnostics). */
  readonly regionStates: ReadonlyMap<number, EvaluationState>;
  start(context: StartContext): Promise<void>;
  stop(): Promise<void>;
}

const partitions = 12;

/**
 * The alerter as one lifecycle component: two evaluation stages on the bus's
 * one loop (region-keyed: indicators + contributions; event-keyed:
 * single-event rules over `vigia.events.v1`), the action forwarder, the cron
 * scheduler and the webhook notifier. Runs in its own process (`main.ts`) or
 * beside every other stage in one process.
 */
export function createAlerterService(options: AlerterServiceOptions): AlerterService {
  const { bus, namespace } = options;
  const log = options.logger.child({ component: 'alerter' });
  const now = options.now ?? (() => new Date());
  const name = (base: TopicName) => topicName(base, { namespace });
  const topics: AlerterTopics = {
    indicators: name('vigia.indicators.v2'),
    contributions: name('vigia.contributions.v1'),
    events: name('vigia.events.v1'),
    alerts: name('vigia.alerts.v1'),
    alertState: name('vigia.alert-state.v1'),
    actions: name('vigia.alert-actions.v1'),
    jobs: name('vigia.alerter.jobs.v1'),
    digests: name('vigia.digests.v1'),
    dlq: name('vigia.events.dlq.v1'),
  };
  const prefix = namespace ? `${namespace}.` : '';
  const groupIds = {
    regions: `${prefix}vigia-alerter`,
    events: `${prefix}vigia-alerter-events`,
    actions: `${prefix}vigia-alerter-actions`,
    notifier: `${prefix}vigia-alerter-notifier`,
  };
  const transactional = options.transactional ?? true;
  const rules = new RuleSet({
    logger: log,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    regionName: (code) => regionByCode(code)?.name,
    now,
  });
  rules.load(options.rulesText, 'initial');
  const common = {
    bus,
    logger: log,
    topics,
    partitions,
    now,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    ...(options.tickLiveWindowMs === undefined ? {} : { liveWindowMs: options.tickLiveWindowMs }),
    ...(options.maxBatchRecords === undefined ? {} : { maxBatchRecords: options.maxBatchRecords }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  };
  const regionStage = createEvaluationStage({
    ...common,
    name: 'alerter',
    groupId: groupIds.regions,
    transactionalId: transactional ? groupIds.regions : undefined,
    dataTopics: [topics.indicators, topics.contributions],
    engine: () => rules.regionEngine,
    owns: regionEntries,
    restoreFromAllStatePartitions: false,
    runsJobs: true,
  });
  const eventStage = createEvaluationStage({
    ...common,
    name: 'alerter-events',
    groupId: groupIds.events,
    transactionalId: transactional ? groupIds.events : undefined,
    dataTopics: [topics.events],
    engine: () => rules.eventEngine,
    owns: eventEntries,
    restoreFromAllStatePartitions: true,
    runsJobs: false,
  });
  const schedules = options.schedules === undefined ? defaultSchedules : options.schedules;
  const scheduler = schedules === false ? undefined : new JobScheduler({ bus, logger: log, jobsTopic: topics.jobs, partitions, schedules });
  const webhooks = options.webhooks ?? [];
  const notifier =
    webhooks.length === 0
      ? undefined
      : new Notifier({
          bus,
          logger: log,
          ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
          alertsTopic: topics.alerts,
          groupId: groupIds.notifier,
          targets: webhooks,
          ...(options.notifyQueueSize === undefined ? {} : { maxQueued: options.notifyQueueSize }),
          ...(options.notifyRetry === undefined ? {} : { retry: options.notifyRetry }),
          ...(options.notifyGrouping === undefined ? {} : { grouping: options.notifyGrouping }),
          ...(options.notifyReceiver === undefined ? {} : { receiver: options.notifyReceiver }),
          ...(options.externalUrl === undefined ? {} : { externalUrl: options.externalUrl }),
        });
  const processors: Processor[] = [];
  let notifierSubscription: Subscription | undefined;
  let started = false;

  return {
    name: 'alerter',
    topics,
    groupIds,
    rules,
    scheduler,
    notifier,
    regionStates: regionStage.states,
    reloadRules: (text, source = 'reload') => rules.load(text, source),
    rulesReadiness: () => rulesVerdict(rules.status),
    async start(context) {
      if (started) throw new AlerterError('VIGIA_ALERTER_STATE_INVALID', 'the alerter was already started');
      started = true;
      if (options.ensureTopics ?? true) {
        const bases: TopicName[] = [
          'vigia.events.v1',
          'vigia.events.dlq.v1',
          'vigia.contributions.v1',
          'vigia.indicators.v2',
          'vigia.alerts.v1',
          'vigia.alert-state.v1',
          'vigia.alert-actions.v1',
          'vigia.digests.v1',
          'vigia.alerter.jobs.v1',
        ];
        await bus.admin.ensureTopics(
          topicSpecs({ namespace, topics: bases, ...(options.replicationFactor === undefined ? {} : { replicationFactor: options.replicationFactor }) }),
        );
      }
      // Retried: right after creation a broker may briefly answer NOT_LEADER for the new partitions.
      const counts = await withRetry(
        () =>
          Promise.all(
            [topics.indicators, topics.contributions, topics.events, topics.alertState, topics.jobs].map(
              async (topic) => [topic, (await bus.admin.endOffsets(topic)).length] as const,
            ),
          ),
        options.retry ?? defaultRetryOptions,
        { shouldContinue: () => !context.stopRequested.aborted },
      );
      if (counts.some(([, count]) => count !== partitions)) {
        throw new AlerterError('VIGIA_ALERTER_PARTITIONS_MISMATCH', `alerter topics must have ${partitions} partitions`, {
          context: { partitions: Object.fromEntries(counts) },
        });
      }
      for (const processor of [
        await regionStage.start(),
        await eventStage.start(),
        await startActionForwarder({
          bus,
          logger: log,
          groupId: groupIds.actions,
          transactionalId: transactional ? groupIds.actions : undefined,
          actionsTopic: topics.actions,
          jobsTopic: topics.jobs,
          dlqTopic: topics.dlq,
          partitions,
        }),
      ]) {
        processors.push(processor);
        processor.done.catch((error: unknown) => context.fail(error));
      }
      if (notifier !== undefined) {
        notifierSubscription = await notifier.start();
        notifierSubscription.done.catch((error: unknown) => context.fail(error));
      }
      scheduler?.start();
      log.info({ topics, groupIds, transactional, rules: rules.status.ruleCount }, 'alerter started');
    },
    async stop() {
      // Scheduler first (no new requests), then the loops finish their batch and commit, then notifications drain.
      await scheduler?.stop();
      await Promise.all(processors.map((processor) => processor.stop()));
      await notifier?.stop();
    },
  };
}

function rulesVerdict(status: RuleSetStatus): ReadinessVerdict {
  if (status.ok) return { ready: true, reason: `${status.ruleCount} rules in force` };
  const first = status.errors[0];
  return {
    ready: false,
    reason: `rule file refused (${status.errors.length} errors, first at line ${first?.line ?? '?'} ${first?.path ?? ''}: ${first?.message ?? ''}); ${status.ruleCount} previous rules in force`,
  };
}
