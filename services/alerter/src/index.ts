/**
 * `@vigia/alerter`: indicators, contributions and canonical events → alert
 * transitions on `vigia.alerts.v1` (exactly once), alert state on compacted
 * `vigia.alert-state.v1`, operator actions honoured by every instance, cron
 * jobs claimed once per slot, and webhook notifications off the hot path.
 */
export { createAlerterService, type AlerterService, type AlerterServiceOptions, type AlerterTopics } from './alerter-service.ts';
export { AlerterError, alerterErrorCodes, alerterErrorDescriptions, type AlerterErrorCode } from './alerter-errors.ts';
export { defaultSchedules, dailyDigestJob, JobScheduler, slotOf, type AlerterSchedules } from './jobs/scheduler.ts';
export { buildDailyDigest, dailyDigestId } from './jobs/digest.ts';
export { Notifier, defaultNotifyRetry, type NotifierOptions } from './notify/notifier.ts';
export { postWebhook, webhookBody, safeUrl, type Notification, type WebhookFormat, type WebhookTarget } from './notify/webhook.ts';
export { RuleSet, type RuleSetStatus } from './rules/rule-set.ts';
export { alerterHeaders, transitionRecord } from './evaluation/output-records.ts';
