import { ServiceKitError } from './errors.ts';

/** `true`/`false`, or a verdict with a reason that `/readyz` shows to the operator. */
export type ReadinessVerdict = boolean | { readonly ready: boolean; readonly reason?: string };

/** Answers "can this instance take work now?" — e.g. the consumer has joined its group. */
export type ReadinessCheck = () => ReadinessVerdict | Promise<ReadinessVerdict>;

export interface ReadinessResult {
  readonly name: string;
  readonly ready: boolean;
  readonly reason?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: readonly ReadinessResult[];
}

export interface ReadinessOptions {
  /** A check that has not answered by then counts as not ready. Default 2000 ms. */
  readonly checkTimeoutMs?: number;
}

/**
 * The readiness checks of a process. Components add theirs when they start
 * and remove them when they stop; `/readyz` is ready only when every check
 * passes. A check that throws or hangs is not ready — it never takes the
 * endpoint down.
 */
export class Readiness {
  readonly #checks = new Map<string, ReadinessCheck>();
  readonly #checkTimeoutMs: number;

  constructor(options: ReadinessOptions = {}) {
    this.#checkTimeoutMs = options.checkTimeoutMs ?? 2_000;
  }

  /** Adds a named check; the returned function removes it. */
  add(name: string, check: ReadinessCheck): () => void {
    if (this.#checks.has(name)) {
      throw new ServiceKitError('VIGIA_OPS_CHECK_DUPLICATE', `a readiness check named ${JSON.stringify(name)} already exists`, {
        context: { check: name },
      });
    }
    this.#checks.set(name, check);
    return () => {
      if (this.#checks.get(name) === check) this.#checks.delete(name);
    };
  }

  /** Runs every check concurrently. */
  async run(): Promise<ReadinessReport> {
    const checks = await Promise.all([...this.#checks].map(([name, check]) => this.#runOne(name, check)));
    return { ready: checks.every((check) => check.ready), checks };
  }

  async #runOne(name: string, check: ReadinessCheck): Promise<ReadinessResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ReadinessVerdict>((resolve) => {
      timer = setTimeout(() => resolve({ ready: false, reason: `no answer within ${this.#checkTimeoutMs} ms` }), this.#checkTimeoutMs);
    });
    try {
      const verdict = await Promise.race([Promise.resolve().then(check), timeout]);
      if (typeof verdict === 'boolean') return { name, ready: verdict };
      return verdict.reason === undefined ? { name, ready: verdict.ready } : { name, ready: verdict.ready, reason: verdict.reason };
    } catch (error) {
      return { name, ready: false, reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
