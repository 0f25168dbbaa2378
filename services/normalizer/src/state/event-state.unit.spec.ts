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
  it('keeps the latest version per event', () => {
    const state = new EventState(new Map([[first.eventId, first]]));
    state.set(second);
    expect(state.get(first.eventId)).toBe(second);
    expect(state.get(other.eventId)).toBeUndefined();
    expect(state.size).toBe(1);
  });

  it('undoes exactly the changes of an aborted batch', () => {
    const state = new EventState(new Map([[first.eventId, first]]));
    state.beginBatch();
    state.set(second);
    state.set(other);
    state.commitBatch();
    state.beginBatch();
    state.set({ ...other, revision: 2 });
    expect(state.rollbackBatch()).toBe(1);
    expect(state.get(first.eventId)).toBe(second);
    expect(state.get(other.eventId)).toBe(other);
  });

  it('removes events the aborted batch added and restores the first value a key had', () => {
    const state = new EventState(new Map([[first.eventId, first]]));
    state.beginBatch();
    state.set(other);
    state.set(second);
    state.set({ ...second, revision: 3 });
    state.rollbackBatch();
    expect(state.get(other.eventId)).toBeUndefined();
    expect(state.get(first.eventId)).toBe(first);
  });

  it('keeps a committed batch when nothing is in flight to roll back', () => {
    const state = new EventState();
    state.beginBatch();
    state.set(first);
    state.commitBatch();
    expect(state.rollbackBatch()).toBe(0);
    expect(state.get(first.eventId)).toBe(first);
  });
});
