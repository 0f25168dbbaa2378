import { describe, expect, it } from 'vitest';
import { topicExamples } from '../export/topic-examples.ts';
import { alertActionSchema, type AlertAction } from './alert-actions.ts';
import { alertSchema } from './alert.ts';
import { alertStateRecordSchema } from './alert-state.ts';
import { digestSchema } from './digest.ts';

const firing = topicExamples['vigia.alerts.v1'];
const resolved = topicExamples['vigia.alert-state.v1'].alert;

describe('alerts', () => {
  it('accepts firing and resolved alerts', () => {
    expect(alertSchema.parse(firing)).toEqual(firing);
    expect(alertSchema.parse(resolved)).toEqual(resolved);
    expect(alertStateRecordSchema.parse(topicExamples['vigia.alert-state.v1'])).toEqual(topicExamples['vigia.alert-state.v1']);
    expect(digestSchema.parse(topicExamples['vigia.digests.v1'])).toEqual(topicExamples['vigia.digests.v1']);
  });

  it('sets endsAt and durationMs exactly when resolved', () => {
    const paths = (value: unknown) => alertSchema.safeParse(value).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths({ ...firing, endsAt: '2024-01-01T00:00:00Z' })).toEqual(['endsAt']);
    expect(paths({ ...firing, durationMs: 5 })).toEqual(['durationMs']);
    const { durationMs: _, ...withoutDuration } = resolved;
    expect(paths(withoutDuration)).toEqual(['durationMs']);
    expect(paths({ ...resolved, endsAt: null })).toEqual(['endsAt']);
  });

  it('uses Prometheus-style label names', () => {
    expect(alertSchema.safeParse({ ...firing, labels: { 'bad-name': 'x' } }).success).toBe(false);
    expect(alertSchema.safeParse({ ...firing, labels: { good_name: 'x' } }).success).toBe(true);
  });

  it('requires a named region whose code matches its level', () => {
    expect(alertSchema.safeParse({ ...firing, region: { ...firing.region, level: 'province' } }).success).toBe(false);
  });
});

describe('alert actions', () => {
  const common = { actionId: '5a0c7e2d-1b3f-4c6a-9d8e-7f6a5b4c3d2e', by: 'operador.lima', at: '2024-03-15T10:00:00Z' };

  it('accepts every action type', () => {
    const actions: AlertAction[] = [
      { type: 'alert.acknowledged', ...common, fingerprint: '3f9a1c0d7e2b4a61' },
      topicExamples['vigia.alert-actions.v1'],
      { type: 'silence.removed', ...common, silenceId: '2024-vraem-maintenance', comment: 'operation over' },
      { type: 'alert.resolution-noted', ...common, fingerprint: '3f9a1c0d7e2b4a61', note: 'Patrol reinforced' },
    ];
    for (const action of actions) expect(alertActionSchema.parse(action)).toEqual(action);
  });

  it('rejects a regex matcher that does not compile', () => {
    const silence = topicExamples['vigia.alert-actions.v1'];
    const bad = { ...silence, matchers: [{ label: 'region', operator: '=~', value: '(' }] };
    const result = alertActionSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['matchers', 0, 'value']);
  });

  it('requires a comment on a silence and at least one matcher', () => {
    const silence = topicExamples['vigia.alert-actions.v1'];
    expect(alertActionSchema.safeParse({ ...silence, comment: '' }).success).toBe(false);
    expect(alertActionSchema.safeParse({ ...silence, matchers: [] }).success).toBe(false);
  });

  it('requires who and when on every action', () => {
    const { by: _, ...anonymous } = { type: 'alert.acknowledged', ...common, fingerprint: 'f' };
    expect(alertActionSchema.safeParse(anonymous).success).toBe(false);
  });
});
