import type { CanonicalEvent } from '@vigia/schemas';
import { encodeTopicValue, topicExamples } from '@vigia/schemas';
import { describe, expect, it } from 'vitest';
import { EventState } from './event-state.ts';

const example = topicExamples['vigia.events.v1'];
if (example.type !== 'event.revised') throw new Error('fixture changed');
const first: CanonicalEvent = example.previous;
const second: CanonicalEvent = example.current;
const other: CanonicalEvent = { ...first, eventId: 'other-1' };

describe('EventState', () => {
  it('keeps the latest version per event', () => {
    const state = new EventState(new Map([[first.eventId, { event: first, owner: 'dirandro' }]]));
    state.set(second);
    expect(state.get(first.eventId)).toBe(second);
    expect(state.get(other.eventId)).toBeUndefined();
    expect(state.size).toBe(1);
  });

  it('undoes exactly the changes of an aborted batch', () => {
    const state = new EventState(new Map([[first.eventId, { event: first, owner: 'dirandro' }]]));
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
    const state = new EventState(new Map([[first.eventId, { event: first, owner: 'dirandro' }]]));
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

  it('decodes a restored state record only when the event is asked for, and refuses one that does not decode', () => {
    const encoded = encodeTopicValue('vigia.normalizer.state.v1', { type: 'event.latest', event: first });
    const state = new EventState(
      new Map([
        [first.eventId, encoded],
        ['broken', new TextEncoder().encode('{"type":"event.latest"}')],
      ]),
    );
    expect(state.get(first.eventId)).toEqual(first);
    expect(state.ownerOf(first.eventId)).toBeUndefined();
    expect(() => state.get('broken')).toThrow(TypeError);
    expect(state.size).toBe(2);
  });

  it('restores owners from the state records and keeps an owner when a revision names none', () => {
    const encoded = encodeTopicValue('vigia.normalizer.state.v1', { type: 'event.latest', event: first, owner: 'dirandro' });
    const state = new EventState(new Map([[first.eventId, encoded]]));
    expect(state.ownerOf(first.eventId)).toBe('dirandro');
    state.beginBatch();
    expect(state.set(second)).toEqual({ event: second, owner: 'dirandro' });
    state.set(other, 'devida');
    expect(state.ownerOf(other.eventId)).toBe('devida');
    state.rollbackBatch();
    expect(state.ownerOf(first.eventId)).toBe('dirandro');
    expect(state.get(first.eventId)).toEqual(first);
    expect(state.ownerOf(other.eventId)).toBeUndefined();
  });
});
