import { describe, expect, it } from 'vitest';
import { engineWith, indicator, Run, summaryOf } from '../testing/fixtures.ts';

// Anomaly rules: z-score of the value against an EWMA baseline of earlier days.

const surge = (extra = '') =>
  engineWith(`
  - id: incident-surge
    kind: anomaly
    severity: warning
    metric: incidents.count
    window: 7d
    when: { atLeast: 3 }
    resolve: { below: 1 }
    alpha: 0.2
    minObservations: 10
    minStdDev: 1
    ${extra}
    summary: '{{value}} incidents in {{region}}, baseline {{baseline}}, z = {{z_score}}'
`);

const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);
const count = (n: number, value: number) => indicator({ region: '05', metric: 'incidents.count', window: '7d', asOf: day(n), value });

/** Feeds a history of daily values; returns the transitions of the last one. */
function history(run: Run, values: readonly number[]): ReturnType<Run['feed']> {
  let last: ReturnType<Run['feed']> = [];
  values.forEach((value, n) => {
    last = run.feed(count(n, value));
  });
  return last;
}

describe('anomaly rules', () => {
  it('fire on a surge well above the region baseline', () => {
    // given two weeks around 4 incidents a week
    const run = new Run(surge());
    history(run, [4, 5, 3, 4, 4, 5, 4, 3, 4, 5, 4, 4, 3, 4]);
    expect(run.all).toEqual([]);
    // when the week count jumps to 12
    const fired = run.feed(count(14, 12));
    // then the alert fires with z in its summary
    expect(summaryOf(fired)).toEqual(['firing/firing/notify']);
    const [, baseline, z] = /^12 incidents in 05, baseline ([\d.]+), z = ([\d.]+)$/.exec(fired[0]?.alert.summary ?? '') ?? [];
    expect(Number(baseline)).toBeCloseTo(4, 0);
    expect(Number(z)).toBeGreaterThanOrEqual(3);
  });

  it('stay silent until the baseline has minObservations periods', () => {
    const run = new Run(surge());
    expect(history(run, [1, 1, 1, 1, 1, 30])).toEqual([]);
  });

  it('floor the standard deviation so one extra incident on a flat history is no anomaly', () => {
    // a flat history has variance 0; without the floor 2 vs 1 would be z = ∞
    const run = new Run(surge());
    expect(history(run, [...Array.from({ length: 12 }, () => 1), 2])).toEqual([]);
  });

  it('fold each day into the baseline once, however many updates it had', () => {
    // the same day re-emitted many times must not drag the baseline towards it
    const run = new Run(surge());
    history(
      run,
      Array.from({ length: 12 }, () => 4),
    );
    for (let i = 0; i < 20; i += 1) run.feed(count(11, 4));
    expect(run.state.alerts[Object.keys(run.state.alerts)[0]!]?.baseline?.count).toBe(11);
  });

  it('carry a value forward over days without an update (the topic re-emits only changes)', () => {
    // given 4 incidents a week on day 0, and no update for 20 days (the count stayed at 4)
    const run = new Run(surge());
    run.feed(count(0, 4));
    run.feed(count(3, 5));
    // when day 20 brings 12
    const fired = run.feed(count(20, 12));
    // then the 20 quiet days count as observations of an unchanged value
    expect(summaryOf(fired)).toEqual(['firing/firing/notify']);
    expect(Object.values(run.state.alerts)[0]?.baseline?.count).toBe(20);
  });

  it('resolve below the resolve z-score, and stay firing in between', () => {
    const run = new Run(surge());
    history(run, [4, 5, 3, 4, 4, 5, 4, 3, 4, 5, 4, 4, 3, 4, 12]);
    expect(run.feed(count(15, 9)).every((t) => t.alert.state === 'firing')).toBe(true);
    const resolved = run.feed(count(16, 4));
    expect(summaryOf(resolved)).toEqual(['resolved/resolved/notify']);
  });

  it('respect minValue, so a tiny region cannot page on two incidents', () => {
    const run = new Run(surge('minValue: 20'));
    expect(history(run, [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 12])).toEqual([]);
  });
});
