/**
 * A level-triggered wake-up: `wake()` before `wait()` is not lost. Appends,
 * assignments and `stop()` wake a consumer that has nothing to read, so it
 * never polls and never sleeps.
 */
export class WakeSignal {
  #pending = false;
  #resolve: (() => void) | undefined;

  wake(): void {
    this.#pending = true;
    const resolve = this.#resolve;
    this.#resolve = undefined;
    resolve?.();
  }

  async wait(): Promise<void> {
    if (!this.#pending) await new Promise<void>((resolve) => (this.#resolve = resolve));
    this.#pending = false;
  }
}
