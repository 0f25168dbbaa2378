import { describe, expect, it } from 'vitest';
import { isVigiaError } from '@vigia/schemas';
import { abortTransaction, addToIndex, commitTransaction, inTransaction, removeFromIndex, setEntry, startTransaction, type Transactional } from './journal.ts';

function codeOf(action: () => void): string | undefined {
  try {
    action();
  } catch (error) {
    return isVigiaError(error) ? error.code : 'not a VigiaError';
  }
  return undefined;
}

describe('journal', () => {
  it('undoes map and index changes in reverse order on abort', () => {
    const state: Transactional = { journal: undefined };
    const map = new Map([['a', 1]]);
    const index = new Map<number, Set<string>>([[1, new Set(['x'])]]);
    startTransaction(state);
    setEntry(state, map, 'a', 2);
    setEntry(state, map, 'b', 3);
    setEntry(state, map, 'a', undefined);
    addToIndex(state, index, 1, 'y');
    addToIndex(state, index, 2, 'z');
    removeFromIndex(state, index, 1, 'x');
    removeFromIndex(state, index, 1, 'y');
    expect(inTransaction(state)).toBe(true);
    abortTransaction(state);
    expect([...map]).toEqual([['a', 1]]);
    expect([...index].map(([key, members]) => [key, [...members]])).toEqual([[1, ['x']]]);
    expect(inTransaction(state)).toBe(false);
  });

  it('records nothing outside a transaction and refuses nesting or a stray commit', () => {
    const state: Transactional = { journal: undefined };
    const map = new Map<string, number>();
    setEntry(state, map, 'a', 1);
    expect(state.journal).toBeUndefined();
    expect(codeOf(() => commitTransaction(state))).toBe('VIGIA_INDICATORS_TRANSACTION_INVALID');
    startTransaction(state);
    expect(codeOf(() => startTransaction(state))).toBe('VIGIA_INDICATORS_TRANSACTION_INVALID');
    commitTransaction(state);
    expect([...map]).toEqual([['a', 1]]);
  });
});
