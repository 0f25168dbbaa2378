import { describe, expect, it } from 'vitest';
import { issuesOf } from '../codec/issues.ts';
import { topicExamples } from '../export/topic-examples.ts';
import { currentEventOfChange, eventChangeSchema, eventIdOfChange, type EventChange } from './event-change.ts';

const revised = topicExamples['vigia.events.v1'];
if (revised.type !== 'event.revised') throw new Error('fixture changed');
const { previous, current } = revised;

function problems(value: unknown): string[] {
  const result = eventChangeSchema.safeParse(value);
  return result.success ? [] : issuesOf(result.error).map((issue) => `${issue.path}: ${issue.message}`);
}

describe('EventChange', () => {
  it('accepts recorded, revised and retracted changes', () => {
    const changes: EventChange[] = [
      { type: 'event.recorded', event: previous },
      revised,
      { type: 'event.retracted', previous: current, retractedAt: '2024-04-01T00:00:00Z', reason: 'duplicate', duplicateOf: 'x-1' },
    ];
    for (const change of changes) expect(eventChangeSchema.parse(change)).toEqual(change);
  });

  it('requires the same eventId on both sides of a revision', () => {
    expect(problems({ ...revised, current: { ...current, eventId: 'other' } })).toEqual(['current.eventId: previous and current must have the same eventId']);
  });

  it('requires a higher revision', () => {
    expect(problems({ ...revised, current: { ...current, revision: previous.revision } })).toEqual([
      'current.revision: current.revision must be higher than previous.revision',
    ]);
  });

  it('rejects an unknown change type', () => {
    expect(problems({ type: 'event.deleted', event: previous })).toHaveLength(1);
  });

  it('names the event and its current version', () => {
    expect(eventIdOfChange(revised)).toBe(current.eventId);
    expect(currentEventOfChange(revised)).toBe(current);
    expect(currentEventOfChange({ type: 'event.recorded', event: previous })).toBe(previous);
    const retracted: EventChange = { type: 'event.retracted', previous: current, retractedAt: '2024-04-01T00:00:00Z', reason: 'hoax' };
    expect(eventIdOfChange(retracted)).toBe(current.eventId);
    expect(currentEventOfChange(retracted)).toBeUndefined();
  });
});
