import type { Bus, Subscription } from '@vigia/bus';
import { alertSchema, decodeJsonWith, type Alert } from '@vigia/schemas';
import type { Logger } from 'pino';
import { ConsoleError } from '../console-errors.ts';
import type { Cursor } from './cursor.ts';

/** Header the alerter writes beside each alert record: what changed (`firing`, `updated`, `resolved`, `acknowledged`…). */
const changeHeader = 'vigia-alert-change';

/** One record of `vigia.alerts.v1` as the console keeps it. */
export interface AlertTransition {
  readonly partition: number;
  readonly offset: number;
  readonly change: string;
  readonly alert: Alert;
}

export type TransitionListener = (transition: AlertTransition) => void;

export interface AlertFeedOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly topic: string;
  /** Consumer group of this console instance: each instance reads the whole topic. */
  readonly groupId: string;
}

/**
 * Every transition on `vigia.alerts.v1`, in the order each partition holds
 * them, and the latest record per fingerprint. Listeners hear each new
 * transition once; `since(cursor)` gives what a cursor has not seen, so the
 * SSE stream can send the backlog and then follow without a gap: both happen
 * in one turn of the event loop, before the next batch can be appended.
 */
export class AlertFeed {
  readonly #options: AlertFeedOptions;
  readonly #log: Logger;
  readonly #journal: AlertTransition[] = [];
  readonly #latest = new Map<string, AlertTransition>();
  readonly #listeners = new Set<TransitionListener>();
  #position: number[] = [];
  #startEnd: readonly number[] = [];
  #subscription: Subscription | undefined;
  #caughtUp: (() => void) | undefined;
  /** Settles once the feed has read what the topic held when it started. */
  readonly caughtUp: Promise<void>;

  constructor(options: AlertFeedOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: 'console-alert-feed' });
    this.caughtUp = new Promise((resolve) => (this.#caughtUp = resolve));
  }

  get partitions(): number {
    return this.#position.length;
  }

  /** Where the feed has read up to: the cursor of "now". */
  get cursor(): Cursor {
    return [...this.#position];
  }

  get isCaughtUp(): boolean {
    return this.#caughtUp === undefined;
  }

  async start(): Promise<Subscription> {
    if (this.#subscription !== undefined) throw new ConsoleError('VIGIA_CONSOLE_STATE_INVALID', 'the alert feed was already started');
    const ends = await this.#options.bus.admin.endOffsets(this.#options.topic);
    this.#position = ends.map(() => 0);
    this.#startEnd = [...ends].sort((a, b) => a.partition - b.partition).map((end) => end.offset);
    this.#checkCaughtUp();
    this.#subscription = await this.#options.bus.subscribe({
      groupId: this.#options.groupId,
      topics: [this.#options.topic],
      startFrom: 'earliest',
      eachBatch: async (batch, context) => {
        for (const record of batch.records) {
          this.#position[record.partition] = record.offset + 1;
          if (record.value === null) continue;
          const decoded = decodeJsonWith(alertSchema, record.value);
          if (!decoded.ok) {
            // The topic's contract decides; a record off it is skipped, never a reason to stop the feed.
            this.#log.warn({ partition: record.partition, offset: record.offset, reason: decoded.reason }, 'alert record skipped');
            continue;
          }
          this.#append({
            partition: record.partition,
            offset: record.offset,
            change: record.headers[changeHeader] ?? decoded.value.state,
            alert: decoded.value,
          });
        }
        const last = batch.records.at(-1);
        if (last !== undefined) await context.commit([], last.offset + 1);
        this.#checkCaughtUp();
      },
    });
    return this.#subscription;
  }

  async stop(): Promise<void> {
    await this.#subscription?.stop();
    this.#listeners.clear();
  }

  /** The latest record of every alert. */
  latest(): AlertTransition[] {
    return [...this.#latest.values()];
  }

  get(fingerprint: string): AlertTransition | undefined {
    return this.#latest.get(fingerprint);
  }

  /** Transitions a client positioned at `cursor` has not seen, in feed order. */
  since(cursor: Cursor): AlertTransition[] {
    return this.#journal.filter((transition) => transition.offset >= (cursor[transition.partition] ?? 0));
  }

  /** Every transition of one alert, oldest first. */
  history(fingerprint: string): AlertTransition[] {
    return this.#journal.filter((transition) => transition.alert.fingerprint === fingerprint);
  }

  /** Adds a listener for transitions appended from now on; returns its removal. */
  listen(listener: TransitionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #append(transition: AlertTransition): void {
    this.#journal.push(transition);
    this.#latest.set(transition.alert.fingerprint, transition);
    for (const listener of this.#listeners) {
      try {
        listener(transition);
      } catch (err) {
        this.#log.error({ err }, 'alert listener failed');
      }
    }
  }

  #checkCaughtUp(): void {
    if (this.#caughtUp === undefined) return;
    if (this.#startEnd.every((end, partition) => (this.#position[partition] ?? 0) >= end)) {
      this.#caughtUp();
      this.#caughtUp = undefined;
      this.#log.info({ transitions: this.#journal.length, alerts: this.#latest.size }, 'alert feed caught up');
    }
  }
}
