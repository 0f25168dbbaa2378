import fc from 'fast-check';
import { alertSchema, alertStateRecordSchema, isVigiaError } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { at, engineWith, incident, indicator, recorded, Run } from '../testing/fixtures.ts';
import type { EngineInput, Transition } from './engine-types.ts';
import { restoreState } from './restore.ts';
import { engineStateSchema, initialState, toAlertStateRecord, type EngineState } from './state.ts';

// The state is plain data: serializable, restorable, never mutated, and the
// same inputs always give the same outputs.

const engine = engineWith(`
  - id: clashes
    kind: threshold
    severity: warning
    metric: incidents.armed-clash.count
    window: 30d
    when: { atLeast: 3 }
    resolve: { atMost: 1 }
    for: 2d
    cooldown: 3d
    summary: '{{value}} clashes in {{region}}'
  - id: massacre
    kind: single-event
    severity: critical
    appliesTo: { levels: [department] }
    event: incident
    measure: fatalities
    when: { atLeast: 5 }
    keepFiringFor: 3d
    summary: '{{value}} killed'
  - id: silent
    kind: absence
    severity: info
    appliesTo: { levels: [province] }
    silentFor: 5d
    normally: { reports: 2, within: 10d }
    summary: 'silent {{days_silent}} days'
`);

const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);
const action = { actionId: '5a0c7e2d-1b3f-4c6a-9d8e-7f6a5b4c3d2e', by: 'op', at: '2024-01-01T00:00:00Z' };

type Step = { readonly input: EngineInput; readonly now: number };

/** An input about day `n` (indicators and events may be late: `n` ≤ the stream day). */
const inputArb: fc.Arbitrary<(n: number) => EngineInput> = fc.oneof(
  fc.record({ region: fc.constantFrom('0504', '0505'), value: fc.integer({ min: 0, max: 5 }) }).map(
    ({ region, value }) =>
      (n: number) =>
        indicator({ region, metric: 'incidents.armed-clash.count', window: '30d', asOf: day(n), value }),
  ),
  fc.record({ id: fc.constantFrom('e1', 'e2', 'e3'), killed: fc.integer({ min: 0, max: 8 }) }).map(
    ({ id, killed }) =>
      (n: number) =>
        recorded(incident({ eventId: id, occurredAt: day(n), killed })),
  ),
  fc.constant(() => ({ type: 'tick' as const })),
  fc.integer({ min: 1, max: 10 }).map(
    (length) =>
      (n: number): EngineInput => ({
        type: 'silence.created',
        ...action,
        silenceId: 's1',
        matchers: [{ label: 'region', operator: '=~', value: '05.*' }],
        until: at(day(n + length)),
        comment: 'test',
      }),
  ),
  fc.constant((): EngineInput => ({ type: 'silence.removed', ...action, silenceId: 's1' })),
);

/** A run: stream time mostly moves forward a few days per step; inputs may be a couple of days late. */
const stepsArb = (maxLength: number): fc.Arbitrary<Step[]> =>
  fc.array(fc.record({ advance: fc.integer({ min: 0, max: 3 }), lag: fc.integer({ min: 0, max: 2 }), make: inputArb }), { maxLength }).map((raw) => {
    let now = 0;
    return raw.map(({ advance, lag, make }) => {
      now += advance;
      return { input: make(Math.max(0, now - lag)), now };
    });
  });

function play(steps: readonly Step[], state: EngineState = initialState()) {
  const run = new Run(engine, state);
  for (const { input, now } of steps) run.feed(input, at(day(now)));
  return run;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('engine state', () => {
  it('is never mutated by an evaluation (property)', () => {
    fc.assert(
      fc.property(stepsArb(30), inputArb, (steps, make) => {
        const before = deepFreeze(play(steps).state);
        const copy = structuredClone(before);
        // frozen objects throw on write in strict mode, so a mutation would fail here
        engine.evaluate(before, deepFreeze(make(40)), at(day(40)));
        expect(before).toEqual(copy);
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same outputs for the same inputs (property)', () => {
    fc.assert(
      fc.property(stepsArb(40), (steps) => {
        const first = play(steps);
        const second = play(steps);
        expect(second.all).toEqual(first.all);
        expect(second.state).toEqual(first.state);
      }),
      { numRuns: 100 },
    );
  });

  it('survives JSON and restore: a restarted engine carries on exactly (property)', () => {
    fc.assert(
      fc.property(stepsArb(50), fc.nat(50), (steps, cut) => {
        const [before, after] = [steps.slice(0, cut), steps.slice(cut)];
        const uninterrupted = play([...before, ...after]);
        // the state as the compacted topic would hold it: one JSON entry per fingerprint
        const halfway = play(before).state;
        const entries = Object.values(halfway.alerts).map((entry) => JSON.parse(JSON.stringify(entry)) as unknown);
        const silences = Object.values(halfway.silences).map((silence) => JSON.parse(JSON.stringify(silence)) as unknown);
        const restored = restoreState(entries, silences, halfway.clock);
        expect(engineStateSchema.parse(JSON.parse(JSON.stringify(halfway)))).toEqual(halfway);
        const resumed = play(after, restored);
        const tail = uninterrupted.all.slice(uninterrupted.all.length - resumed.all.length);
        expect(resumed.all).toEqual(tail);
        expect(resumed.state.alerts).toEqual(uninterrupted.state.alerts);
      }),
      { numRuns: 100 },
    );
  });

  it('follows the lifecycle automaton and publishes valid alerts (property)', () => {
    fc.assert(
      fc.property(stepsArb(60), (steps) => {
        const byFingerprint = new Map<string, Transition[]>();
        for (const transition of play(steps).all) {
          expect(alertSchema.safeParse(transition.alert).success).toBe(true);
          const seen = byFingerprint.get(transition.alert.fingerprint) ?? [];
          byFingerprint.set(transition.alert.fingerprint, [...seen, transition]);
        }
        for (const transitions of byFingerprint.values()) {
          let status: 'inactive' | 'pending' | 'firing' = 'inactive';
          let notifiedFiring = false;
          for (const { change, alert, notify } of transitions) {
            // only firing, resolved and unsilenced ever notify
            if (notify) expect(['firing', 'resolved', 'unsilenced']).toContain(change);
            if (change === 'pending') expect(status).toBe('inactive');
            if (change === 'firing') expect(status).not.toBe('firing');
            if (change === 'recovered') expect(status).toBe('pending');
            if (change === 'resolved') expect(status).toBe('firing');
            // a resolution is notified only if its firing was
            if (change === 'resolved' && notify) expect(notifiedFiring).toBe(true);
            if (change === 'firing' || (change === 'pending' && status === 'inactive')) notifiedFiring = false;
            if ((change === 'firing' || change === 'unsilenced') && notify) notifiedFiring = true;
            status = alert.state === 'resolved' ? (change === 'acknowledged' ? status : 'inactive') : alert.state;
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('returns the very same state when an input changes nothing', () => {
    const state = play([{ input: { type: 'tick' }, now: 3 }]).state;
    expect(engine.evaluate(state, { type: 'tick' }, at(day(3))).state).toBe(state);
  });

  it('never moves stream time backwards', () => {
    const state = play([{ input: { type: 'tick' }, now: 10 }]).state;
    expect(engine.evaluate(state, { type: 'tick' }, at(day(2))).state.clock).toBe(at(day(10)));
  });

  it('reports each changed entry for the state topic, and maps to vigia.alert-state.v1', () => {
    const result = engine.evaluate(
      initialState(),
      indicator({ region: '0504', metric: 'incidents.armed-clash.count', window: '30d', asOf: day(1), value: 4 }),
      at(day(1)),
    );
    expect(result.stateChanges).toHaveLength(1);
    const [change] = result.stateChanges;
    expect(change?.region).toBe('0504');
    const record = toAlertStateRecord(change!.entry!);
    expect(alertStateRecordSchema.safeParse(record).success).toBe(true);
    expect(record).toMatchObject({ breachingSince: at(day(1)), alert: { state: 'pending' } });
  });

  it('refuses to restore an entry it cannot read', () => {
    let thrown: unknown;
    try {
      restoreState([{ fingerprint: 'x' }]);
    } catch (error) {
      thrown = error;
    }
    expect(isVigiaError(thrown, 'VIGIA_RULES_STATE_INVALID')).toBe(true);
  });

  it('refuses a stream time that is not an RFC 3339 instant', () => {
    expect(() => engine.evaluate(initialState(), { type: 'tick' }, '2024-01-01')).toThrow(expect.objectContaining({ code: 'VIGIA_RULES_TIME_INVALID' }));
  });
});
