import { isoOf } from '../core/time.ts';
import type { Evaluation, StateChange, Transition } from './engine-types.ts';
import type { LifecycleContext, Step } from './lifecycle.ts';
import type { AlertEntry, EngineState, Silence } from './state.ts';

/**
 * The state being built by one evaluation. The input state is never touched:
 * the maps are copied on the first write, so an evaluation that changes
 * nothing returns the very same state object, and a caller can drop the
 * result (an aborted Kafka transaction) and keep the old state.
 */
export class WorkingState {
  readonly clockMs: number;
  readonly #base: EngineState;
  #alerts: Record<string, AlertEntry> | undefined;
  #silences: Record<string, Silence> | undefined;
  readonly #transitions: Transition[] = [];
  readonly #changes = new Map<string, StateChange>();

  constructor(base: EngineState, clockMs: number) {
    this.#base = base;
    this.clockMs = clockMs;
  }

  get silences(): Readonly<Record<string, Silence>> {
    return this.#silences ?? this.#base.silences;
  }

  get alerts(): Readonly<Record<string, AlertEntry>> {
    return this.#alerts ?? this.#base.alerts;
  }

  /** Stream time and silences, as the lifecycle functions take them. */
  context(): LifecycleContext {
    return { clockMs: this.clockMs, silences: this.silences };
  }

  entry(fingerprint: string): AlertEntry | undefined {
    return Object.hasOwn(this.alerts, fingerprint) ? this.alerts[fingerprint] : undefined;
  }

  /** Stores an entry unless it is unchanged (same object). */
  put(entry: AlertEntry): void {
    if (this.entry(entry.fingerprint) === entry) return;
    this.#alerts ??= { ...this.#base.alerts };
    this.#alerts[entry.fingerprint] = entry;
    this.#changes.set(entry.fingerprint, { fingerprint: entry.fingerprint, region: entry.region.code, entry });
  }

  /** Stores a lifecycle step's entry and queues its transitions. */
  apply(step: Step): void {
    this.put(step.entry);
    this.#transitions.push(...step.transitions);
  }

  remove(fingerprint: string): void {
    const entry = this.entry(fingerprint);
    if (entry === undefined) return;
    this.#alerts ??= { ...this.#base.alerts };
    delete this.#alerts[fingerprint];
    this.#changes.set(fingerprint, { fingerprint, region: entry.region.code, entry: null });
  }

  putSilence(silence: Silence): void {
    this.#silences ??= { ...this.#base.silences };
    this.#silences[silence.silenceId] = silence;
  }

  removeSilence(silenceId: string): void {
    if (!Object.hasOwn(this.silences, silenceId)) return;
    this.#silences ??= { ...this.#base.silences };
    delete this.#silences[silenceId];
  }

  finish(): Evaluation {
    const clock = isoOf(this.clockMs);
    const unchanged = this.#alerts === undefined && this.#silences === undefined && clock === this.#base.clock;
    const state: EngineState = unchanged ? this.#base : { version: 1, clock, alerts: this.alerts, silences: this.silences };
    return { state, transitions: this.#transitions, stateChanges: [...this.#changes.values()] };
  }
}
