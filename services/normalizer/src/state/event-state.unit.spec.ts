import type { CanonicalEvent } from '@vigia/schemas';
import { topicExamples } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { EventState } from './event-state.ts';

const example = topicExamples['vigia.events.v1'];
if (example.type !== 'event.revised') throw new Error('fixture changed');
const first: CanonicalEvent = example.previous;
const second: CanonicalEvent = example.current;
const other: CanonicalEvent = { ...first, eventId: 'other-1' };

describe('EventState', () => {
  it('keeps the latest version per partition', () => {
    const state = new EventState();
    state.install(3, new Map([[first.eventId, first]]));
    state.set(3, second);
    expect(state.get(3, first.eventId)).toBe(second);
    expect(state.get(4, first.eventId)).toBeUndefined();
    expect(state.size).toBe(1);
  });

  it('undoes exactly the changes of an aborted batch', () => {
    const state = new EventState();
    state.install(0, new Map([[first.eventId, first]]));
    state.beginBatch(0);
    state.set(0, second);
    state.set(0, other);
    state.beginBatch(0); // the batch above committed
    state.set(0, { ...other, revision: 2 });
    expect(state.rollbackBatch(0)).toBe(1);
    expect(state.get(0, first.eventId)).toBe(second);
    expect(state.get(0, other.eventId)).toBe(other);
  });

  it('removes events the aborted batch added and restores the first value a key had', () => {
    const state = new EventState();
    state.install(0, new Map([[first.eventId, first]]));
    state.beginBatch(0);
    state.set(0, other);
    state.set(0, second);
    state.set(0, { ...second, revision: 3 });
    state.rollbackBatch(0);
    expect(state.get(0, other.eventId)).toBeUndefined();
    expect(state.get(0, first.eventId)).toBe(first);
  });

  it('drops a revoked partition and refuses writes to a partition it does not hold', () => {
    const state = new EventState();
    state.install(1, new Map());
    state.drop(1);
    expect(state.has(1)).toBe(false);
    expect(() => state.set(1, first)).toThrow(RangeError);
  });
});
