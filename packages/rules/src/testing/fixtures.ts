import type { CanonicalEvent, EventChange, Incident, IndicatorValue, RegionLevel, Seizure } from '@vigia/schemas';
import { expect } from 'vitest';
import { createEngine } from '../engine/engine.ts';
import type { Engine, EngineInput, EngineOptions, Transition } from '../engine/engine-types.ts';
import { initialState, type EngineState } from '../engine/state.ts';
import { loadRules } from '../file/load-rules.ts';
import type { Rule } from '../rule.ts';

/** Test builders: valid records with the fields a test cares about and plain defaults for the rest. */

/** Rules from YAML text; fails the test with the loader's errors if the text is broken. */
export function rulesFrom(yaml: string): readonly Rule[] {
  const result = loadRules(yaml);
  if (!result.ok) expect.fail(`rule file should load: ${JSON.stringify(result.errors, null, 2)}`);
  return result.rules;
}

/** An engine for a rule file holding the given rule entries (YAML list items, without `rules:`). */
export function engineWith(rulesYaml: string, options: Omit<EngineOptions, 'rules'> = {}): Engine {
  return createEngine({ ...options, rules: rulesFrom(`rules:\n${rulesYaml}`) });
}

const levelOf = (region: string): RegionLevel =>
  region === 'PE' ? 'national' : region.startsWith('zone:') ? 'zone' : region.length === 2 ? 'department' : region.length === 4 ? 'province' : 'district';

export function indicator(fields: Partial<IndicatorValue> & Pick<IndicatorValue, 'metric' | 'value' | 'asOf'>): IndicatorValue {
  const region = fields.region ?? '0504';
  // Annual (survey) figures name their source and year; DEVIDA and the asOf's year unless given.
  const survey = fields.window === 'annual' ? { source: 'devida', year: Number(fields.asOf.slice(0, 4)) } : {};
  return {
    type: 'indicator.updated',
    region,
    level: levelOf(region),
    window: '30d',
    previousValue: null,
    correction: false,
    contributingEvents: 1,
    ...survey,
    ...fields,
  };
}

/** A coca survey figure as the annual indicator of a region (asOf: 31 December of the year). */
export function cocaHectares(region: string, year: number, value: number, previousValue: number | null = null): IndicatorValue {
  return indicator({
    region,
    metric: 'cultivation.coca.ha',
    window: 'annual',
    asOf: `${year}-12-31`,
    value,
    previousValue,
  });
}

const source = { name: 'DIRANDRO-PNP', kind: 'police' as const };

export function incident(fields: Partial<Incident> & { readonly killed?: number } = {}): Incident {
  const { killed = 0, ...rest } = fields;
  return {
    kind: 'incident',
    eventId: 'inc-1',
    revision: 1,
    occurredAt: '2024-03-14',
    precision: 'day',
    reportedAt: '2024-03-15T09:30:00-05:00',
    source,
    confidence: 'high',
    location: { ubigeo: '050408', level: 'district', zone: 'zone:vraem', placeName: 'Llochegua' },
    incidentType: 'ambush',
    casualties: {
      securityForces: { killed, injured: 0 },
      civilians: { killed: 0, injured: 0 },
      armedGroups: { killed: 0, injured: 0 },
    },
    actors: [],
    ...rest,
  };
}

export function seizure(fields: Partial<Seizure> & { readonly cocaineKg?: number } = {}): Seizure {
  const { cocaineKg = 0, ...rest } = fields;
  return {
    kind: 'seizure',
    eventId: 'sei-1',
    revision: 1,
    occurredAt: '2024-03-14',
    precision: 'day',
    reportedAt: '2024-03-15T09:30:00-05:00',
    source,
    confidence: 'high',
    location: { ubigeo: '250101', level: 'district', placeName: 'Pucallpa' },
    items: [
      {
        substance: 'cocaine-hydrochloride',
        quantity: { value: cocaineKg, unit: 'kg' },
        original: { value: cocaineKg, unit: 'kg' },
      },
    ],
    ...rest,
  };
}

export const recorded = (event: CanonicalEvent): EventChange => ({ type: 'event.recorded', event });
export const revised = (previous: CanonicalEvent, current: CanonicalEvent): EventChange => ({
  type: 'event.revised',
  previous,
  current,
});
export const retracted = (previous: CanonicalEvent): EventChange => ({
  type: 'event.retracted',
  previous,
  retractedAt: '2024-03-20T00:00:00Z',
  reason: 'duplicate',
});

export const tick: EngineInput = { type: 'tick' };

/** Midnight UTC of a day, as stream time. */
export const at = (day: string) => `${day}T00:00:00Z`;

/**
 * Drives an engine through inputs, threading the state, like the alerter
 * does. `now` defaults to the input's own event time (asOf / occurredAt).
 */
export class Run {
  readonly engine: Engine;
  state: EngineState;
  readonly all: Transition[] = [];

  constructor(engine: Engine, state: EngineState = initialState()) {
    this.engine = engine;
    this.state = state;
  }

  /** Evaluates one input and returns its transitions. */
  feed(input: EngineInput, now?: string): Transition[] {
    const result = this.engine.evaluate(this.state, input, now ?? defaultNow(input));
    this.state = result.state;
    this.all.push(...result.transitions);
    return [...result.transitions];
  }

  tick(now: string): Transition[] {
    return this.feed(tick, now);
  }
}

function defaultNow(input: EngineInput): string {
  if (input.type === 'indicator.updated') return at(input.asOf);
  if (input.type === 'event.recorded') return at(input.event.occurredAt);
  if (input.type === 'event.revised') return at(input.current.occurredAt);
  if (input.type === 'contribution.emitted') return at(input.day);
  throw new TypeError(`pass now explicitly for ${input.type}`);
}

/** `change/state/notify` of each transition: what most lifecycle assertions compare. */
export function summaryOf(transitions: readonly Transition[]): string[] {
  return transitions.map((t) => `${t.change}/${t.alert.state}/${t.notify ? 'notify' : 'quiet'}`);
}
