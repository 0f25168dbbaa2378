import { alertSchema } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { at, engineWith, indicator, Run, summaryOf } from '../testing/fixtures.ts';

// The Prometheus/Alertmanager lifecycle, driven through a threshold rule:
// inactive → pending → firing → resolved, hysteresis, cooldown, dedup.

const clashes = (options: { for?: string; cooldown?: string } = {}) =>
  engineWith(
    `
  - id: clashes-30d
    kind: threshold
    severity: warning
    appliesTo: { levels: [province] }
    metric: incidents.armed-clash.count
    window: 30d
    when: { atLeast: 3 }
    resolve: { atMost: 1 }
    ${options.for === undefined ? '' : `for: ${options.for}`}
    ${options.cooldown === undefined ? '' : `cooldown: ${options.cooldown}`}
    summary: '{{value}} armed clashes in {{region}} in 30 days (threshold {{threshold}})'
`,
    { regionName: (code) => (code === '0504' ? 'Huanta' : undefined) },
  );

const clashCount = (asOf: string, value: number, region = '0504') => indicator({ region, metric: 'incidents.armed-clash.count', window: '30d', asOf, value });

describe('alert lifecycle', () => {
  it('goes pending on a breach and fires once the breach has lasted `for` in event time', () => {
    // given a rule that must breach for 2 days
    const run = new Run(clashes({ for: '2d' }));
    // when the count reaches 3, then stays there for two more days
    const first = run.feed(clashCount('2024-03-01', 3));
    const second = run.feed(clashCount('2024-03-02', 4));
    const third = run.feed(clashCount('2024-03-03', 4));
    // then it is pending (recorded, not notified) until 2 days after the breach began, then fires and notifies
    expect(summaryOf(first)).toEqual(['pending/pending/quiet']);
    expect(summaryOf(second)).toEqual(['updated/pending/quiet']);
    expect(summaryOf(third)).toEqual(['firing/firing/notify']);
    const firing = third[0]!.alert;
    expect(firing.startsAt).toBe('2024-03-01T00:00:00Z');
    expect(firing.summary).toBe('4 armed clashes in Huanta in 30 days (threshold 3)');
    expect(firing.region).toEqual({ code: '0504', level: 'province', name: 'Huanta' });
    expect(firing.labels).toEqual({ rule: 'clashes-30d', region: '0504', level: 'province', severity: 'warning' });
    expect(firing.evidence.indicators.map((value) => [value.asOf, value.value, value.threshold])).toEqual([
      ['2024-03-01', 3, 3],
      ['2024-03-02', 4, 3],
      ['2024-03-03', 4, 3],
    ]);
    expect(alertSchema.safeParse(firing).success).toBe(true);
  });

  it('fires on a tick when `for` elapses without a new observation', () => {
    const run = new Run(clashes({ for: '2d' }));
    run.feed(clashCount('2024-03-01', 3));
    expect(run.tick(at('2024-03-02'))).toEqual([]);
    expect(summaryOf(run.tick(at('2024-03-03')))).toEqual(['firing/firing/notify']);
  });

  it('never fires a pending alert that recovers', () => {
    // given a pending alert
    const run = new Run(clashes({ for: '2d' }));
    run.feed(clashCount('2024-03-01', 3));
    // when the count drops below the bound before `for` elapses, and time goes on
    const recovered = run.feed(clashCount('2024-03-02', 2));
    run.tick(at('2024-03-10'));
    // then it leaves a quiet "recovered" record and never fires or notifies
    expect(summaryOf(recovered)).toEqual(['recovered/resolved/quiet']);
    expect(run.all.some((t) => t.alert.state === 'firing' || t.notify)).toBe(false);
  });

  it('fires at once without `for`, with no pending record', () => {
    const run = new Run(clashes());
    expect(summaryOf(run.feed(clashCount('2024-03-01', 5)))).toEqual(['firing/firing/notify']);
  });

  it('counts `for: N observations` in distinct periods, not in updates of the same day', () => {
    const run = new Run(clashes({ for: '2 observations' }));
    expect(summaryOf(run.feed(clashCount('2024-03-01', 3)))).toEqual(['pending/pending/quiet']);
    // a correction of the same day is the same observation
    expect(summaryOf(run.feed({ ...clashCount('2024-03-01', 4), correction: true }))).toEqual(['updated/pending/quiet']);
    expect(summaryOf(run.feed(clashCount('2024-03-02', 4)))).toEqual(['firing/firing/notify']);
  });

  it('stays firing while the value flaps inside the hysteresis band', () => {
    // given a firing alert (fires at ≥ 3, resolves at ≤ 1)
    const run = new Run(clashes());
    run.feed(clashCount('2024-03-01', 3));
    // when the count flaps between 2 and 3
    const flapping = [2, 3, 2, 3, 2].flatMap((value, day) => run.feed(clashCount(`2024-03-0${day + 2}`, value)));
    // then it never resolves nor fires again; only quiet updates of the summary
    expect(flapping.every((t) => t.change === 'updated' && t.alert.state === 'firing' && !t.notify)).toBe(true);
    // and it resolves, notified, once the resolve condition holds
    const resolved = run.feed(clashCount('2024-03-08', 1));
    expect(summaryOf(resolved)).toEqual(['resolved/resolved/notify']);
  });

  it('sends resolved notifications with endsAt and the duration', () => {
    const run = new Run(clashes());
    run.feed(clashCount('2024-03-01', 3));
    const [resolved] = run.feed(clashCount('2024-03-20', 0), at('2024-03-20'));
    expect(resolved?.notify).toBe(true);
    expect(resolved?.alert).toMatchObject({
      state: 'resolved',
      startsAt: '2024-03-01T00:00:00Z',
      endsAt: '2024-03-20T00:00:00Z',
      durationMs: 19 * 86_400_000,
      // the summary is the one that fired, not the value that resolved it
      summary: '3 armed clashes in Huanta in 30 days (threshold 3)',
    });
    expect(alertSchema.safeParse(resolved?.alert).success).toBe(true);
  });

  it('suppresses the notification of a re-firing within the cooldown, and of its resolution', () => {
    // given an alert that fired (notified) and resolved, with a 7-day cooldown
    const run = new Run(clashes({ cooldown: '7d' }));
    run.feed(clashCount('2024-03-01', 3));
    run.feed(clashCount('2024-03-02', 0));
    // when it fires again 3 days after the last notification
    const refired = run.feed(clashCount('2024-03-04', 3));
    const reresolved = run.feed(clashCount('2024-03-05', 0));
    // then both are recorded but not notified
    expect(refired.map((t) => [t.change, t.notify, t.suppressedBy])).toEqual([['firing', false, 'cooldown']]);
    expect(reresolved.map((t) => [t.change, t.notify, t.suppressedBy])).toEqual([['resolved', false, 'firing-not-notified']]);
    // and a firing after the cooldown notifies again
    expect(summaryOf(run.feed(clashCount('2024-03-09', 3)))).toEqual(['firing/firing/notify']);
  });

  it('deduplicates: one alert per fingerprint, a repeated value changes nothing', () => {
    const run = new Run(clashes());
    const [firing] = run.feed(clashCount('2024-03-01', 3));
    expect(run.feed(clashCount('2024-03-01', 3))).toEqual([]);
    const updated = run.feed(clashCount('2024-03-02', 5));
    expect(summaryOf(updated)).toEqual(['updated/firing/quiet']);
    expect(updated[0]?.alert.fingerprint).toBe(firing?.alert.fingerprint);
    expect(Object.keys(run.state.alerts)).toEqual([firing?.alert.fingerprint]);
  });

  it('ignores values of an earlier period than the one it last saw', () => {
    const run = new Run(clashes());
    run.feed(clashCount('2024-03-05', 0));
    expect(run.feed(clashCount('2024-03-01', 9), at('2024-03-05'))).toEqual([]);
  });

  it('only watches the regions in scope', () => {
    const run = new Run(clashes());
    expect(run.feed(clashCount('2024-03-01', 9, '05'))).toEqual([]);
    expect(run.state.alerts).toEqual({});
  });

  it('resolves and forgets alerts of a rule that was removed from the rule set', () => {
    // given a firing alert
    const run = new Run(clashes());
    run.feed(clashCount('2024-03-01', 3));
    // when the rules are reloaded without the rule and a tick comes
    const reloaded = new Run(
      engineWith(`
  - id: other
    kind: threshold
    severity: info
    metric: incidents.count
    window: 7d
    when: { above: 100 }
    summary: x
`),
      run.state,
    );
    const transitions = reloaded.tick(at('2024-03-02'));
    // then the alert resolves (notified, it had fired) and its state is dropped
    expect(summaryOf(transitions)).toEqual(['resolved/resolved/notify']);
    expect(reloaded.state.alerts).toEqual({});
  });
});
