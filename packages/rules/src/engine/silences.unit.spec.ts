import type { AlertAction, LabelMatcher } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { at, engineWith, indicator, Run, summaryOf } from '../testing/fixtures.ts';
import { matches } from './silences.ts';

// Silences (Alertmanager semantics) and acknowledgements.

const engine = () =>
  engineWith(`
  - id: clashes-30d
    kind: threshold
    severity: warning
    metric: incidents.armed-clash.count
    window: 30d
    when: { atLeast: 3 }
    labels: { team: vraem }
    summary: '{{value}} clashes in {{region}}'
`);

const clashes = (asOf: string, value: number, region = '0504') => indicator({ region, metric: 'incidents.armed-clash.count', window: '30d', asOf, value });

const action = { actionId: '5a0c7e2d-1b3f-4c6a-9d8e-7f6a5b4c3d2e', by: 'operador.lima', at: '2024-03-01T10:00:00Z' };

const silence = (matchers: LabelMatcher[], until: string, silenceId = 'op-huanta'): AlertAction => ({
  type: 'silence.created',
  ...action,
  silenceId,
  matchers,
  until,
  comment: 'Known operation in progress',
});

describe('silences', () => {
  it('record a silenced alert without notifying it, and notify it once the silence expires', () => {
    // given a silence on region 05xx until 10 March
    const run = new Run(engine());
    run.feed(silence([{ label: 'region', operator: '=~', value: '05.*' }], '2024-03-10T00:00:00Z'), at('2024-03-01'));
    // when the alert fires
    const fired = run.feed(clashes('2024-03-02', 4));
    // then it is recorded as firing and silenced, not notified
    expect(fired.map((t) => [t.change, t.alert.silenced, t.notify, t.suppressedBy])).toEqual([['firing', true, false, 'silence']]);
    // and before `until` nothing changes; at `until` the tick notifies it
    expect(run.tick(at('2024-03-09'))).toEqual([]);
    const expired = run.tick(at('2024-03-10'));
    expect(expired.map((t) => [t.change, t.alert.silenced, t.notify])).toEqual([['unsilenced', false, true]]);
    expect(run.state.silences).toEqual({});
  });

  it('do not match alerts whose labels differ', () => {
    const run = new Run(engine());
    run.feed(silence([{ label: 'region', operator: '=', value: '0504' }], '2024-03-10T00:00:00Z'), at('2024-03-01'));
    expect(run.feed(clashes('2024-03-02', 4, '0505')).map((t) => t.notify)).toEqual([true]);
  });

  it('silence an alert that is already firing quietly, and do not page again when the silence is removed', () => {
    const run = new Run(engine());
    run.feed(clashes('2024-03-02', 4));
    const silenced = run.feed(silence([{ label: 'team', operator: '=', value: 'vraem' }], '2024-03-20T00:00:00Z'), at('2024-03-03'));
    expect(summaryOf(silenced)).toEqual(['silenced/firing/quiet']);
    const removed = run.feed({ type: 'silence.removed', ...action, silenceId: 'op-huanta' }, at('2024-03-04'));
    // it was notified before the silence: no second page
    expect(summaryOf(removed)).toEqual(['unsilenced/firing/quiet']);
  });

  it('do not notify the resolution of a silenced alert', () => {
    const run = new Run(engine());
    run.feed(clashes('2024-03-02', 4));
    run.feed(silence([{ label: 'rule', operator: '=', value: 'clashes-30d' }], '2024-03-20T00:00:00Z'), at('2024-03-03'));
    const resolved = run.feed(clashes('2024-03-05', 0));
    expect(resolved.map((t) => [t.change, t.notify, t.suppressedBy])).toEqual([['resolved', false, 'silence']]);
  });

  it('ignore a silence that has already ended', () => {
    const run = new Run(engine());
    run.feed(silence([{ label: 'region', operator: '=~', value: '.*' }], '2024-02-01T00:00:00Z'), at('2024-03-01'));
    expect(run.state.silences).toEqual({});
    expect(run.feed(clashes('2024-03-02', 4)).map((t) => t.notify)).toEqual([true]);
  });
});

describe('label matchers', () => {
  const labels = { region: 'zone:vraem', severity: 'critical' };
  const match = (label: string, operator: LabelMatcher['operator'], value: string) => matches({ label, operator, value }, labels);

  it('match equality and inequality', () => {
    expect(match('severity', '=', 'critical')).toBe(true);
    expect(match('severity', '!=', 'critical')).toBe(false);
    expect(match('severity', '!=', 'warning')).toBe(true);
  });

  it('anchor regular expressions at both ends', () => {
    expect(match('region', '=~', 'zone:.*')).toBe(true);
    expect(match('region', '=~', 'vraem')).toBe(false);
    expect(match('region', '=~', 'zone:vraem|05.*')).toBe(true);
    expect(match('region', '!~', 'zone:.*')).toBe(false);
  });

  it('treat a missing label as the empty string', () => {
    expect(match('team', '=', '')).toBe(true);
    expect(match('team', '!=', 'vraem')).toBe(true);
    expect(match('team', '=~', 'v.*')).toBe(false);
  });
});

describe('acknowledgements', () => {
  it('are recorded on the alert without a notification, and cleared by a new episode', () => {
    // given a firing alert
    const run = new Run(engine());
    const [fired] = run.feed(clashes('2024-03-02', 4));
    const fingerprint = fired!.alert.fingerprint;
    // when an operator acknowledges it
    const acked = run.feed({ type: 'alert.acknowledged', ...action, fingerprint, comment: 'DIRANDRO informada' }, at('2024-03-02'));
    // then a quiet record carries who and when
    expect(summaryOf(acked)).toEqual(['acknowledged/firing/quiet']);
    expect(acked[0]?.alert.acknowledged).toEqual({
      by: 'operador.lima',
      at: '2024-03-01T10:00:00Z',
      comment: 'DIRANDRO informada',
    });
    // and the resolution still carries it, while a new episode starts unacknowledged
    expect(run.feed(clashes('2024-03-03', 0))[0]?.alert.acknowledged?.by).toBe('operador.lima');
    expect(run.feed(clashes('2024-03-04', 5))[0]?.alert.acknowledged).toBeNull();
  });

  it('of an alert another instance owns change nothing', () => {
    const run = new Run(engine());
    const before = run.state;
    expect(run.feed({ type: 'alert.acknowledged', ...action, fingerprint: '0000000000000000' }, at('2024-03-02'))).toEqual([]);
    expect(run.state.alerts).toBe(before.alerts);
  });
});
