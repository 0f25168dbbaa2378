import { withRetry, type Bus, type RetryOptions, type Subscription } from '@vigia/bus';
import { decodeTopicValue } from '@vigia/schemas';
import type { MetricsRegistry } from '@vigia/service-kit';
import type { Logger } from 'pino';
import { alerterHeaders } from '../evaluation/output-records.ts';
import { postWebhook, safeUrl, type Notification, type WebhookTarget } from './webhook.ts';

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
  readonly #queue: { target: WebhookTarget; notification: Notification }[] = [];
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
          for (const target of this.#options.targets) this.#enqueue(target, notification);
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
    await this.idle();
    this.#stopping = true;
  }

  /** Settles when nothing is queued or being sent. */
  idle(): Promise<void> {
    if (this.#queue.length === 0 && this.#active === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #enqueue(target: WebhookTarget, notification: Notification): void {
    if (this.#queue.length >= (this.#options.maxQueued ?? 1000)) {
      this.#metrics?.dropped.inc();
      this.#log.warn({ fingerprint: notification.alert.fingerprint, url: safeUrl(target.url) }, 'notification queue full; dropped');
      return;
    }
    this.#queue.push({ target, notification });
    this.#pump();
  }

  #pump(): void {
    while (!this.#stopping && this.#active < (this.#options.concurrency ?? 4)) {
      // One delivery per alert and receiver at a time, so "resolved" never overtakes a retried "firing".
      const index = this.#queue.findIndex((item) => !this.#inFlight.has(keyOf(item.target, item.notification)));
      if (index < 0) return;
      const [next] = this.#queue.splice(index, 1);
      if (next === undefined) return;
      const key = keyOf(next.target, next.notification);
      this.#inFlight.add(key);
      this.#active++;
      void this.#deliver(next.target, next.notification).finally(() => {
        this.#inFlight.delete(key);
        this.#active--;
        this.#pump();
        if (this.#active === 0 && this.#queue.length === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      });
    }
  }

  async #deliver(target: WebhookTarget, notification: Notification): Promise<void> {
    const where = { url: safeUrl(target.url), fingerprint: notification.alert.fingerprint, change: notification.change };
    try {
      await withRetry(() => postWebhook(target, notification), this.#options.retry ?? defaultNotifyRetry, {
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

function keyOf(target: WebhookTarget, notification: Notification): string {
  return `${target.url}\u0000${notification.alert.fingerprint}`;
}
