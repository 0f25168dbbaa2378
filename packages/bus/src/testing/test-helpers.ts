/**
 * Helpers for tests that talk to a Bus through the port only, so the same
 * test runs against every adapter. They wait for conditions (records arriving,
 * a subscription ending), never for time, and register their own cleanup with
 * `onTestFinished`, so they must be called from inside a running test.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { onTestFinished } from 'vitest';
import type { BatchContext, Bus, CleanupPolicy, ConsumedRecord, RecordBatch, SubscribeOptions, Subscription } from '../port.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Default upper bound of one wait; Kafka group joins and rebalances take seconds. */
export const DEFAULT_WAIT_MS = 30_000;

/** `prefix-<uuid>`: a name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** UTF-8 bytes of a string, for record values. */
export function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A record value as text (`null` stays `null`); works for Buffers and Uint8Arrays alike. */
export function text(value: Uint8Array | null): string | null {
  return value === null ? null : decoder.decode(value);
}

/** Creates a topic with a unique name and returns the name. */
export async function createTopic(
  bus: Bus,
  options: { readonly prefix?: string; readonly partitions?: number; readonly cleanupPolicy?: CleanupPolicy } = {},
): Promise<string> {
  const name = uniqueName(options.prefix ?? 'contract');
  await bus.admin.ensureTopics([{ name, partitions: options.partitions ?? 1, cleanupPolicy: options.cleanupPolicy ?? 'delete' }]);
  return name;
}

interface Waiter {
  readonly check: () => boolean;
  readonly reject: (error: unknown) => void;
}

/** A condition that was not met within its time limit. */
export class WaitTimeoutError extends Error {
  readonly code = 'VIGIA_TEST_WAIT_TIMEOUT';
  readonly label: string;
  readonly timeoutMs: number;
  constructor(label: string, timeoutMs: number, detail: string) {
    super(`timed out after ${timeoutMs} ms waiting for ${label} (${detail})`);
    this.name = 'WaitTimeoutError';
    this.label = label;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Collects what a subscription delivers and lets a test wait until the
 * collected records satisfy a predicate. Each delivery re-checks the waiters,
 * so nothing polls; a crashed subscription fails the waiters at once.
 */
export class RecordCollector {
  readonly records: ConsumedRecord[] = [];
  readonly batches: RecordBatch[] = [];
  #waiters = new Set<Waiter>();
  #failure: { readonly error: unknown } | undefined;

  add(batch: RecordBatch): void {
    this.batches.push(batch);
    this.records.push(...batch.records);
    for (const waiter of [...this.#waiters]) waiter.check();
  }

  /** Fails every current and future wait, e.g. because the subscription crashed. */
  fail(error: unknown): void {
    this.#failure ??= { error };
    for (const waiter of [...this.#waiters]) waiter.reject(error);
  }

  /** Resolves with all records collected so far once `predicate` holds for them. */
  waitFor(
    predicate: (records: readonly ConsumedRecord[]) => boolean,
    options: { readonly label: string; readonly timeoutMs?: number },
  ): Promise<ConsumedRecord[]> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise<ConsumedRecord[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new WaitTimeoutError(options.label, timeoutMs, `${this.records.length} records collected`));
      }, timeoutMs);
      const waiter: Waiter = {
        check: () => {
          if (!predicate(this.records)) return false;
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve([...this.records]);
          return true;
        },
        reject: (error) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          reject(error);
        },
      };
      if (this.#failure) return waiter.reject(this.#failure.error);
      if (waiter.check()) return;
      this.#waiters.add(waiter);
    });
  }

  /** Waits until at least `count` records were collected. */
  waitForCount(count: number, options: { readonly label?: string; readonly timeoutMs?: number } = {}) {
    return this.waitFor((records) => records.length >= count, {
      label: options.label ?? `${count} records`,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  }
}

/**
 * An append-only list of test events (callbacks, phases) that a test can wait
 * on, like `RecordCollector` for arbitrary values.
 */
export class EventLog<T> {
  readonly events: T[] = [];
  readonly #waiters = new Set<() => void>();

  push(event: T): void {
    this.events.push(event);
    for (const check of [...this.#waiters]) check();
  }

  waitFor(predicate: (events: readonly T[]) => boolean, options: { readonly label: string; readonly timeoutMs?: number }): Promise<T[]> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise<T[]>((resolve, reject) => {
      const check = () => {
        if (!predicate(this.events)) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve([...this.events]);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new WaitTimeoutError(options.label, timeoutMs, `${this.events.length} events logged`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }
}

export interface ConsumeOptions extends Omit<SubscribeOptions, 'eachBatch'> {
  /**
   * After collecting a batch: `'batch'` commits the whole batch (no outputs),
   * `'none'` never commits. Default `'batch'`.
   */
  readonly commit?: 'batch' | 'none';
  /** Runs before the batch is collected and committed; may throw to crash the subscription. */
  readonly onBatch?: (batch: RecordBatch, context: BatchContext) => Promise<void> | void;
}

export interface Consumer {
  readonly subscription: Subscription;
  readonly collector: RecordCollector;
}

/**
 * Subscribes with a collecting handler and stops the subscription when the
 * test finishes. A commit refused because the partition was revoked meanwhile
 * (`isActive()` false) is ignored: the next owner gets the records again.
 */
export async function consume(bus: Bus, options: ConsumeOptions): Promise<Consumer> {
  const collector = new RecordCollector();
  const { commit = 'batch', onBatch, ...subscribeOptions } = options;
  const subscription = await bus.subscribe({
    ...subscribeOptions,
    async eachBatch(batch, context) {
      await onBatch?.(batch, context);
      collector.add(batch);
      const last = batch.records.at(-1);
      if (commit === 'batch' && last !== undefined) {
        try {
          await context.commit([], last.offset + 1);
        } catch (error) {
          if (context.isActive()) throw error;
        }
      }
    },
  });
  subscription.done.catch((error: unknown) => collector.fail(error));
  onTestFinished(() => subscription.stop());
  return { subscription, collector };
}

/**
 * Reads `topic` from the earliest offset with a fresh group until `predicate`
 * holds for the records read, then stops and returns them. Proving that
 * something is absent: append a sentinel and read until the sentinel.
 */
export async function readUntil(
  bus: Bus,
  topic: string,
  predicate: (records: readonly ConsumedRecord[]) => boolean,
  options: { readonly label?: string; readonly timeoutMs?: number } = {},
): Promise<ConsumedRecord[]> {
  const { subscription, collector } = await consume(bus, {
    groupId: uniqueName('reader'),
    topics: [topic],
    startFrom: 'earliest',
    commit: 'none',
  });
  try {
    return await collector.waitFor(predicate, {
      label: options.label ?? `records of ${topic}`,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  } finally {
    await subscription.stop();
  }
}

/**
 * Polls `read` until its result deep-equals `expected`, for state the broker
 * publishes a moment after the call that changed it: Kafka shows a group's
 * transactional offset commit only once the coordinator wrote the
 * transaction's markers (kafkajs predates KIP-447's require_stable fetch).
 */
export async function eventuallyEqual<T>(read: () => Promise<T>, expected: T, options: { readonly label: string; readonly timeoutMs?: number }): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  for (let last = await read(); !isDeepStrictEqual(last, expected); last = await read()) {
    if (Date.now() > deadline) {
      throw new WaitTimeoutError(options.label, timeoutMs, `last ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Records grouped by partition, each list in delivery order. */
export function byPartition(records: readonly ConsumedRecord[]): Map<number, ConsumedRecord[]> {
  const map = new Map<number, ConsumedRecord[]>();
  for (const record of records) {
    const list = map.get(record.partition) ?? [];
    list.push(record);
    map.set(record.partition, list);
  }
  return map;
}

/** Resolves with the rejection reason of `promise`, or fails if it fulfils. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new TypeError('expected the promise to reject, but it fulfilled');
}
