import type { Alert } from '@vigia/schemas';
import { amLabels } from './alertmanager-payload.ts';

/** How notifications are grouped, as Alertmanager's route `group_by`, `group_wait` and `group_interval`. */
export interface GroupingOptions {
  /** Labels that make a group (`alertname` is the rule id). Default `['alertname']`. */
  readonly groupBy: readonly string[];
  /** How long a new group waits for more alerts before its first notification. Default 30 s. */
  readonly groupWaitMs: number;
  /** Least time between two notifications of one group, for alerts added or changed since. Default 5 min. */
  readonly groupIntervalMs: number;
}

export const defaultGrouping: GroupingOptions = Object.freeze({ groupBy: ['alertname'], groupWaitMs: 30_000, groupIntervalMs: 300_000 });

export interface GroupFlush {
  readonly groupLabels: Readonly<Record<string, string>>;
  /** Every alert of the group as it stands: firing ones, and resolved ones not yet told. */
  readonly alerts: readonly Alert[];
}

interface Group {
  readonly labels: Record<string, string>;
  readonly alerts: Map<string, Alert>;
  changed: boolean;
  lastFlushMs: number | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Alertmanager's aggregation groups: alerts with the same values of the
 * `groupBy` labels are told together. A new group is sent after `groupWaitMs`;
 * later changes wait until `groupIntervalMs` after the previous send. Every
 * send carries the whole group; resolved alerts leave it once told.
 */
export class AlertGroups {
  readonly #options: GroupingOptions;
  readonly #send: (flush: GroupFlush) => void;
  readonly #groups = new Map<string, Group>();
  readonly #nowMs: () => number;

  constructor(options: GroupingOptions, send: (flush: GroupFlush) => void, nowMs: () => number = Date.now) {
    this.#options = options;
    this.#send = send;
    this.#nowMs = nowMs;
  }

  get size(): number {
    return this.#groups.size;
  }

  add(alert: Alert): void {
    const all = amLabels(alert);
    const labels = Object.fromEntries(this.#options.groupBy.filter((name) => all[name] !== undefined).map((name) => [name, all[name] ?? '']));
    const key = JSON.stringify(Object.entries(labels).sort());
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { labels, alerts: new Map(), changed: false, lastFlushMs: undefined, timer: undefined };
      this.#groups.set(key, group);
    }
    group.alerts.set(alert.fingerprint, alert);
    group.changed = true;
    this.#schedule(key, group);
  }

  /** Sends every group with untold changes now (shutdown: nothing waits in memory to be lost). */
  flushAll(): void {
    for (const [key, group] of this.#groups) {
      clearTimeout(group.timer);
      group.timer = undefined;
      if (group.changed) this.#flush(key, group);
    }
  }

  /** Cancels the timers without sending. */
  close(): void {
    for (const group of this.#groups.values()) clearTimeout(group.timer);
    this.#groups.clear();
  }

  #schedule(key: string, group: Group): void {
    if (group.timer !== undefined) return;
    const dueMs = group.lastFlushMs === undefined ? this.#options.groupWaitMs : Math.max(0, group.lastFlushMs + this.#options.groupIntervalMs - this.#nowMs());
    group.timer = setTimeout(() => {
      group.timer = undefined;
      this.#flush(key, group);
    }, dueMs);
  }

  #flush(key: string, group: Group): void {
    group.changed = false;
    group.lastFlushMs = this.#nowMs();
    const alerts = [...group.alerts.values()];
    for (const alert of alerts) if (alert.state === 'resolved') group.alerts.delete(alert.fingerprint);
    if (group.alerts.size === 0) this.#groups.delete(key);
    if (alerts.length > 0) this.#send({ groupLabels: group.labels, alerts });
  }
}
