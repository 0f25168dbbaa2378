/**
 * Runs an idempotent task (an fsync, a rewrite of a whole offsets file) on
 * request, coalescing requests: every caller is answered by a run that STARTED
 * after it asked, and requests that pile up during a run share the next one.
 * That is group commit: N concurrent commits cost two fsyncs, not N.
 */
export class CoalescingTask {
  readonly #task: () => Promise<void>;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  constructor(task: () => Promise<void>) {
    this.#task = task;
  }

  /** Resolves after a run that started after this call; rejects with that run's failure. */
  request(): Promise<void> {
    if (this.#next) return this.#next;
    if (!this.#running) return this.#start();
    const after = this.#running;
    this.#next = after
      .catch(() => undefined)
      .then(() => {
        this.#next = undefined;
        return this.#start();
      });
    return this.#next;
  }

  /** Settles when no run is in progress or queued (failures are the requesters' to handle). */
  async idle(): Promise<void> {
    while (this.#running || this.#next) await (this.#next ?? this.#running)?.catch(() => undefined);
  }

  #start(): Promise<void> {
    const run: Promise<void> = this.#task().finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }
}
