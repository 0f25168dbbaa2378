import type { Alert, AlertAction, CanonicalEvent, Contribution, EventChange, IndicatorValue, RegionLevel } from '@vigia/schemas';
import type { Rule } from '../rule.ts';
import type { AlertEntry, EngineState } from './state.ts';

/**
 * An explicit tick: advances stream time to `nowStreamTime` and runs the
 * timers — `for` durations, absence checks, single-event expiry, silence
 * expiry. The live alerter sends one from cron; a replay sends them from
 * stream time, so both see the same timers.
 */
export interface Tick {
  readonly type: 'tick';
}

/**
 * What the engine evaluates, discriminated on `type` exactly as the records
 * arrive: indicator values (`vigia.indicators.v2`), event changes
 * (`vigia.events.v1`, for single-event rules and report activity),
 * contributions (`vigia.contributions.v1`, report activity co-partitioned
 * with the indicators), operator actions (`vigia.alert-actions.v1`) and ticks.
 */
export type EngineInput = IndicatorValue | EventChange | Contribution | AlertAction | Tick;

/** What happened to an alert; `firing`, `resolved` and `unsilenced` are the ones that can notify. */
export const TransitionChange = {
  pending: 'pending',
  firing: 'firing',
  resolved: 'resolved',
  /** A pending alert whose condition cleared before `for` elapsed: it never fired. */
  recovered: 'recovered',
  /** Still pending or firing, with a new summary (the value moved, an event was revised). */
  updated: 'updated',
  silenced: 'silenced',
  /** A silence ended or was removed while the alert was active. */
  unsilenced: 'unsilenced',
  acknowledged: 'acknowledged',
} as const;
export type TransitionChange = (typeof TransitionChange)[keyof typeof TransitionChange];

/** Why a firing or resolved transition is recorded but not notified. */
export const Suppression = {
  silence: 'silence',
  cooldown: 'cooldown',
  /** A resolution of an alert whose firing was never notified (silenced or in cooldown). */
  firingNotNotified: 'firing-not-notified',
} as const;
export type Suppression = (typeof Suppression)[keyof typeof Suppression];

/** One alert record to publish on `vigia.alerts.v1`, and whether to notify people about it. */
export interface Transition {
  readonly change: TransitionChange;
  readonly alert: Alert;
  readonly notify: boolean;
  readonly suppressedBy: Suppression | null;
}

/** A state entry to write to the compacted state topic (`entry: null` is a tombstone). */
export interface StateChange {
  readonly fingerprint: string;
  readonly region: string;
  readonly entry: AlertEntry | null;
}

export interface Evaluation {
  readonly state: EngineState;
  /** In the order they happened; publish them in this order. */
  readonly transitions: readonly Transition[];
  readonly stateChanges: readonly StateChange[];
}

/** A region an event counts towards; `name` is used for the alert when present. */
export interface TargetRegion {
  readonly code: string;
  readonly level: RegionLevel;
  readonly name?: string;
}

export interface EngineOptions {
  readonly rules: readonly Rule[];
  /**
   * Display name of a region code (e.g. geo's `regionByCode(code)?.name`).
   * Default: the code itself, `Perú` for `PE`.
   */
  readonly regionName?: (code: string) => string | undefined;
  /**
   * Every region an event counts towards (e.g. geo's `targetRegions`, which
   * adds every zone containing the place). Default: the event's UBIGEO and its
   * ancestors, the zone the report names, and `PE`; a survey's own region.
   */
  readonly targetRegionsOf?: (event: CanonicalEvent) => readonly TargetRegion[];
}

export interface Engine {
  readonly rules: readonly Rule[];
  /**
   * Evaluates one input at `nowStreamTime` (RFC 3339). Pure: the given state
   * is not modified; the same state, input and time always give the same
   * result. Stream time never goes back: an earlier `nowStreamTime` than the
   * state's clock is taken as the clock.
   */
  evaluate(state: EngineState, input: EngineInput, nowStreamTime: string): Evaluation;
}
