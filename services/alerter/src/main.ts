/**
 * The alerter service: `node services/alerter/src/main.ts`. The only file
 * that reads the environment. Bus variables (KAFKA_BROKERS, VIGIA_DATA_DIR, …)
 * are those of `@vigia/bus`; the rest are below and in `commonServiceEnvSchema`.
 * SIGHUP (and a change of the rule file) reloads the rules; a broken file is
 * logged with line and field and the previous rules stay in force.
 */
import { watchFile, unwatchFile } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultRulesUrl, maxRuleFileChars } from '@vigia/rules';
import { commonServiceEnvSchema, envDurationMs, envInteger, envList, envNamespace, readConfigFile, runServiceMain } from '@vigia/service-kit';
import { z } from 'zod';
import { createAlerterService } from './alerter-service.ts';
import { defaultLiveWindowMs } from './evaluation/evaluation-stage.ts';
import { defaultSchedules } from './jobs/scheduler.ts';
import { defaultGrouping } from './notify/alert-groups.ts';
import { webhookFormats } from './notify/webhook.ts';

const cronOrOff = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((value) => (value === 'off' ? (false as const) : value));

const envSchema = commonServiceEnvSchema.extend({
  VIGIA_NAMESPACE: envNamespace(),
  VIGIA_ALERTER_RULES_FILE: z
    .string()
    .trim()
    .min(1)
    .default(fileURLToPath(defaultRulesUrl))
    .describe('rule file (YAML); default the rules package default-rules.yaml'),
  VIGIA_ALERTER_TICK_CRON: cronOrOff(defaultSchedules.tickCron as string).describe('idle ticks / absence checks; "off" disables'),
  VIGIA_ALERTER_DIGEST_CRON: cronOrOff(defaultSchedules.digestCron as string).describe('daily digest; "off" disables'),
  VIGIA_ALERTER_TIMEZONE: z.string().trim().default(defaultSchedules.timezone).describe('IANA time zone of the cron expressions'),
  VIGIA_ALERTER_TICK_LIVE_WINDOW_MS: envDurationMs({ minMs: 1 })
    .default(defaultLiveWindowMs)
    .describe("a tick moves a partition's time only when its inputs are read and its stream time is at most this far behind"),
  VIGIA_ALERTER_WEBHOOK_URL: z.url().optional().describe('notification webhook; unset: no notifications'),
  VIGIA_ALERTER_WEBHOOK_FORMAT: z
    .enum(webhookFormats)
    .default('alertmanager')
    .describe("alertmanager (Alertmanager's webhook payload, grouped), slack, or json (Vigía's record)"),
  VIGIA_ALERTER_GROUP_BY: envList(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a label name'))
    .default([...defaultGrouping.groupBy])
    .describe('labels that group alertmanager notifications (alertname is the rule id)'),
  VIGIA_ALERTER_GROUP_WAIT_MS: envDurationMs().default(defaultGrouping.groupWaitMs).describe('wait before the first notification of a new group'),
  VIGIA_ALERTER_GROUP_INTERVAL_MS: envDurationMs({ minMs: 1 })
    .default(defaultGrouping.groupIntervalMs)
    .describe('least time between notifications of one group'),
  VIGIA_ALERTER_RECEIVER: z.string().trim().min(1).default('vigia').describe('receiver name in alertmanager payloads'),
  VIGIA_ALERTER_EXTERNAL_URL: z.url().optional().describe("the console's URL, for externalURL and generatorURL (links to each alert)"),
  VIGIA_ALERTER_WEBHOOK_TOKEN: z.string().min(1).optional().describe('sent as Authorization: Bearer; never logged'),
  VIGIA_ALERTER_WEBHOOK_TIMEOUT_MS: envDurationMs({ minMs: 100 }).default(5_000),
  VIGIA_ALERTER_NOTIFY_QUEUE: envInteger({ min: 1, max: 1_000_000 }).default(1_000).describe('notifications waiting to be sent; more are dropped and counted'),
  VIGIA_ALERTER_MAX_BATCH_RECORDS: envInteger({ min: 1, max: 10_000 }).default(500),
});

await runServiceMain({
  name: 'alerter',
  envSchema,
  env: process.env,
  async components({ config, bus, logger, metrics, readiness }) {
    const rulesFile = config.VIGIA_ALERTER_RULES_FILE;
    const readRules = () => readConfigFile(rulesFile, { maxBytes: maxRuleFileChars });
    let rulesText = '';
    try {
      rulesText = await readRules();
    } catch (error) {
      // Not fatal: the alerter runs with no rules, reports it on /readyz, and loads the file on SIGHUP.
      logger.error({ err: error, rulesFile }, 'cannot read the rule file');
    }
    const alerter = createAlerterService({
      bus,
      logger,
      metrics,
      rulesText,
      ...(config.VIGIA_NAMESPACE === undefined ? {} : { namespace: config.VIGIA_NAMESPACE }),
      schedules: { tickCron: config.VIGIA_ALERTER_TICK_CRON, digestCron: config.VIGIA_ALERTER_DIGEST_CRON, timezone: config.VIGIA_ALERTER_TIMEZONE },
      tickLiveWindowMs: config.VIGIA_ALERTER_TICK_LIVE_WINDOW_MS,
      webhooks:
        config.VIGIA_ALERTER_WEBHOOK_URL === undefined
          ? []
          : [
              {
                url: config.VIGIA_ALERTER_WEBHOOK_URL,
                format: config.VIGIA_ALERTER_WEBHOOK_FORMAT,
                timeoutMs: config.VIGIA_ALERTER_WEBHOOK_TIMEOUT_MS,
                ...(config.VIGIA_ALERTER_WEBHOOK_TOKEN === undefined ? {} : { token: config.VIGIA_ALERTER_WEBHOOK_TOKEN }),
              },
            ],
      notifyQueueSize: config.VIGIA_ALERTER_NOTIFY_QUEUE,
      notifyGrouping: {
        groupBy: config.VIGIA_ALERTER_GROUP_BY,
        groupWaitMs: config.VIGIA_ALERTER_GROUP_WAIT_MS,
        groupIntervalMs: config.VIGIA_ALERTER_GROUP_INTERVAL_MS,
      },
      notifyReceiver: config.VIGIA_ALERTER_RECEIVER,
      ...(config.VIGIA_ALERTER_EXTERNAL_URL === undefined ? {} : { externalUrl: config.VIGIA_ALERTER_EXTERNAL_URL }),
      maxBatchRecords: config.VIGIA_ALERTER_MAX_BATCH_RECORDS,
    });
    readiness.add('rules', () => alerter.rulesReadiness());

    const reloadRules = async (reason: string) => {
      try {
        alerter.reloadRules(await readRules(), reason);
      } catch (error) {
        logger.error({ err: error, rulesFile }, 'cannot read the rule file; previous rules stay in force');
      }
    };
    const onHangup = () => void reloadRules('SIGHUP');
    process.on('SIGHUP', onHangup);
    watchFile(rulesFile, { interval: 2_000 }, (current, previous) => {
      if (current.mtimeMs !== previous.mtimeMs) void reloadRules('file changed');
    });
    const stopReloading = {
      name: 'rules-reload',
      stop: () => {
        process.off('SIGHUP', onHangup);
        unwatchFile(rulesFile);
      },
    };
    return [alerter, stopReloading];
  },
});
