import { withRetry, type Bus, type RetryOptions, type Subscription } from '@vigia/bus';
import { decodeTopicValue } from '@vigia/schemas';
import type { MetricsRegistry } from '@vigia/service-kit';
import type { Logger } from 'pino';
import { alerterHeaders } from '../evaluation/output-records.ts';
import { AlertGroups, defaultGrouping, type GroupFlush, type GroupingOptions } from './alert-groups.ts';
import { amPayload } from './alertmanager-payload.ts';
import { postWebhook, safeUrl, webhookBody, type Notification, type WebhookTarget } from './webhook.ts';

export interface NotifierOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly metrics?: MetricsRegistry;
  readonly alertsTopic: string;
  readonly groupId: string;
  readonly targets: readonly WebhookTarget[];
  /** Notifications waiting to be sent; when full, new ones are dropped and counted. Default 1000. */
  readonly maxQueued?: number;
  /** Parallel deliveries. Default 4. */
  readonly concurrency?: number;
  readonly retry?: RetryOptions;
  /** Grouping of Alertmanager-format targets. Default {@link defaultGrouping}. */
  readonly grouping?: GroupingOptions;
  /** `receiver` of Alertmanager payloads. Default `vigia`. */
  readonly receiver?: string;
  /** Where people open an alert (the console); `externalURL` and each alert's `generatorURL`. */
  readonly externalUrl?: string;
}

/** One body to post, and what it is about for logs and per-key ordering. */
interface Delivery {
  readonly target: WebhookTarget;
  /** Deliveries with one key go one at a time, in order. */
  readonly key: string;
  readonly body: unknown;
  readonly about: Readonly<Record<string, string>>;
}

export const defaultNotifyRetry: RetryOptions = Object.freeze({ retries: 5, initialDelayMs: 500, maxDelayMs: 30_000, multiplier: 2, jitter: 0.2 });

/**
 * Sends webhook notifications for alert records marked `notify`, from its own
 * consumer group of `vigia.alerts.v1` — never inside the evaluation
 * transaction, so a slow or failing receiver cannot hold up alerting. The
 * queue is bounded: a notification that does not fit is dropped and counted;
 * one that fails after every retry is counted and logged (without secrets).
 */
export class Notifier {
  readonly #options: NotifierOptions;
  readonly #log: Logger;
  readonly #queue: Delivery[] = [];
  /** Alertmanager-format targets group alerts before sending; one set of groups per target. */
  readonly #groups = new Map<WebhookTarget, AlertGroups>();
  readonly #metrics;
  #subscription: Subscription | undefined;
  #active = 0;
  readonly #inFlight = new Set<string>();
  #stopping = false;
  readonly #idleWaiters: (() => void)[] = [];

  constructor(options: NotifierOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: 'alerter-notifier' });
    const registry = options.metrics;
    this.#metrics =
      registry === undefined
        ? undefined
        : {
            sent: registry.counter({ name: 'vigia_alerter_notifications_sent_total', help: 'Webhook notifications delivered' }),
            failed: registry.counter({ name: 'vigia_alerter_notifications_failed_total', help: 'Webhook notifications given up after retries' }),
            dropped: registry.counter({ name: 'vigia_alerter_notifications_dropped_total', help: 'Notifications dropped because the queue was full' }),
            retried: registry.counter({ name: 'vigia_alerter_notification_retries_total', help: 'Webhook delivery retries' }),
          };
    const receiver = options.receiver ?? 'vigia';
    const externalUrl = options.externalUrl ?? '';
    for (const target of options.targets) {
      if (target.format !== 'alertmanager') continue;
      const send = (flush: GroupFlush) => {
        const body = amPayload(receiver, externalUrl, flush.groupLabels, flush.alerts);
        this.#enqueue({ target, key: body.groupKey, body, about: { groupKey: body.groupKey, alerts: String(flush.alerts.length) } });
      };
      this.#groups.set(target, new AlertGroups(options.grouping ?? defaultGrouping, send));
    }
  }

  get queued(): number {
    return this.#queue.length;
  }

  async start(): Promise<Subscription> {
    this.#subscription = await this.#options.bus.subscribe({
      groupId: this.#options.groupId,
      topics: [this.#options.alertsTopic],
      // A new notifier group must not page for a year of history.
      startFrom: 'latest',
      eachBatch: async (batch, context) => {
        for (const record of batch.records) {
          if (record.value === null || record.headers[alerterHeaders.notify] !== 'true') continue;
          const decoded = decodeTopicValue('vigia.alerts.v1', record.value);
          if (!decoded.ok) continue;
          const notification = { change: record.headers[alerterHeaders.change] ?? decoded.value.state, alert: decoded.value };
          for (const target of this.#options.targets) this.#notify(target, notification);
        }
        const last = batch.records.at(-1);
        if (last !== undefined) await context.commit([], last.offset + 1);
      },
    });
    return this.#subscription;
  }

  /** Stops consuming, then waits for queued deliveries (bounded by the lifecycle's grace period). */
  async stop(): Promise<void> {
    await this.#subscription?.stop();
    // Groups still waiting are sent now rather than lost with the process.
    for (const groups of this.#groups.values()) groups.flushAll();
    await this.idle();
    for (const groups of this.#groups.values()) groups.close();
    this.#stopping = true;
  }

  /** Settles when nothing is queued or being sent. */
  idle(): Promise<void> {
    if (this.#queue.length === 0 && this.#active === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #notify(target: WebhookTarget, notification: Notification): void {
    const groups = this.#groups.get(target);
    if (groups !== undefined) {
      groups.add(notification.alert);
      return;
    }
    if (target.format === 'alertmanager') return;
    const { alert, change } = notification;
    this.#enqueue({ target, key: alert.fingerprint, body: webhookBody(notification, target.format), about: { fingerprint: alert.fingerprint, change } });
  }

  #enqueue(delivery: Delivery): void {
    if (this.#queue.length >= (this.#options.maxQueued ?? 1000)) {
      this.#metrics?.dropped.inc();
      this.#log.warn({ ...delivery.about, url: safeUrl(delivery.target.url) }, 'notification queue full; dropped');
      return;
    }
    this.#queue.push(delivery);
    this.#pump();
  }

  #pump(): void {
    while (!this.#stopping && this.#active < (this.#options.concurrency ?? 4)) {
      // One delivery per alert (or group) and receiver at a time, so "resolved" never overtakes a retried "firing".
      const index = this.#queue.findIndex((item) => !this.#inFlight.has(keyOf(item)));
      if (index < 0) return;
      const [next] = this.#queue.splice(index, 1);
      if (next === undefined) return;
      const key = keyOf(next);
      this.#inFlight.add(key);
      this.#active++;
      void this.#deliver(next).finally(() => {
        this.#inFlight.delete(key);
        this.#active--;
        this.#pump();
        if (this.#active === 0 && this.#queue.length === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      });
    }
  }

  async #deliver(delivery: Delivery): Promise<void> {
    const where = { url: safeUrl(delivery.target.url), ...delivery.about };
    try {
      await withRetry(() => postWebhook(delivery.target, delivery.body, delivery.about), this.#options.retry ?? defaultNotifyRetry, {
        onRetry: (err, attempt, delayMs) => {
          this.#metrics?.retried.inc();
          this.#log.warn({ ...where, err, attempt, delayMs }, 'webhook failed, retrying');
        },
      });
      this.#metrics?.sent.inc();
    } catch (error) {
      this.#metrics?.failed.inc();
      this.#log.error({ ...where, err: error }, 'notification given up after retries');
    }
  }
}

function keyOf(delivery: Delivery): string {
  return `${delivery.target.url}\u0000${delivery.key}`;
}
